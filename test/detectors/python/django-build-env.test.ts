import { describe, expect, test } from 'vitest';
import { buildPlaceholders } from '../../../detectors/python/django-build-env.js';

describe('build-only placeholders for Django settings', () => {
  test.each<[string, string, string[]]>([
    ['a method on a read without default (None.split)', 'ALLOWED_HOSTS = os.environ.get("DJANGO_ALLOWED_HOSTS").split(" ")\n', ['DJANGO_ALLOWED_HOSTS=build-only-placeholder']],
    ['os.getenv with a method call', "HOSTS = os.getenv('HOSTS').split(',')\n", ['HOSTS=build-only-placeholder']],
    ['a subscript', "SITE = os.environ['SITE']\n", ['SITE=build-only-placeholder']],
    ['a lower-case subscript', "x = os.environ['site_name']\n", ['site_name=build-only-placeholder']],
    ['a secret read without default', 'SECRET_KEY = os.environ.get("SECRET_KEY")\n', ['SECRET_KEY=build-only-placeholder']],
    ['django-environ without default', 'import environ\nenv = environ.Env()\nSECRET_KEY = env("DJANGO_SECRET_KEY")\n', ['DJANGO_SECRET_KEY=build-only-placeholder']],
    ['a number', 'CONN_MAX_AGE = int(os.environ["CONN_MAX_AGE"])\n', ['CONN_MAX_AGE=0']],
    ['a database URL', "DATABASES = {'default': dj_database_url.parse(os.environ['DATABASE_URL'])}\n", ['DATABASE_URL=sqlite:///:memory:']],
    ['sorted, once each', 'B = os.environ["B"]\nA = os.environ["A"]\nB2 = os.environ["B"]\n', ['A=build-only-placeholder', 'B=build-only-placeholder']],
    // Negative rows: reads that survive an unset variable need nothing.
    ['a default (positional)', 'SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only")\n', []],
    ['a default (keyword, not a literal)', 'DEBUG = int(os.environ.get("DEBUG", default=0))\n', []],
    ['an `or` fallback', 'SECRET_KEY = os.getenv("SECRET_KEY") or get_random_secret_key()\n', []],
    ['a default elsewhere in the settings', 'SECRET_KEY = os.environ.get("SECRET_KEY")\nif not SECRET_KEY:\n    SECRET_KEY = os.environ.get("SECRET_KEY", "x")\n', []],
    ['a plain non-secret read (None is a value)', 'SENTRY = os.environ.get("SENTRY_ENVIRONMENT")\n', []],
    ['django-environ with a default', 'import environ\nenv = environ.Env()\nDEBUG = env.bool("DJANGO_DEBUG", False)\n', []],
    ['no reads', 'DEBUG = False\n', []],
  ])('%s', (_, settings, want) => {
    expect(buildPlaceholders(settings).map((v) => `${v.name}=${v.value}`)).toEqual(want);
  });
});
