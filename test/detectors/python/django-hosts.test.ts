import { describe, expect, test } from 'vitest';
import { fixedAllowedHosts } from '../../../detectors/python/django-hosts.js';
import { buildPlan } from '../../../src/plan/detect.js';
import { memProject } from '../../helpers/memfs.js';

describe('Django ALLOWED_HOSTS fixed to hosts that refuse localhost', () => {
  test.each<[string, string, string[] | undefined]>([
    ['deploy hosts only, one line', "ALLOWED_HOSTS = ['.example.app', 'example.org', '127.0.0.1']\nCSRF_TRUSTED_ORIGINS = []\n", ['.example.app', 'example.org', '127.0.0.1']],
    ['a list over several lines with a comment', "ALLOWED_HOSTS = [\n    'example.com',\n    'www.example.com',  # prod\n]\nDEBUG = False\n", ['example.com', 'www.example.com']],
    ['a tuple', "ALLOWED_HOSTS = ('example.com',)\n", ['example.com']],
    ['the last assignment wins', "ALLOWED_HOSTS = ['*']\nALLOWED_HOSTS = ['example.com']\n", ['example.com']],
    ['read from a variable', "ALLOWED_HOSTS = os.environ.get('ALLOWED_HOSTS', 'localhost').split(',')\n", undefined],
    ['django-environ', "ALLOWED_HOSTS = env.list('ALLOWED_HOSTS', default=['example.com'])\n", undefined],
    ['empty: DEBUG lets localhost through', 'ALLOWED_HOSTS = []\n', undefined],
    ['localhost allowed', "ALLOWED_HOSTS = ['localhost', 'example.com']\n", undefined],
    ['every host', "ALLOWED_HOSTS = ['*']\n", undefined],
    ['extended from a variable', "ALLOWED_HOSTS = ['example.com']\nALLOWED_HOSTS += os.environ['EXTRA_HOSTS'].split(',')\n", undefined],
    ['appended to', "ALLOWED_HOSTS = ['example.com']\nif DEBUG:\n    ALLOWED_HOSTS.append('localhost')\n", undefined],
    ['no ALLOWED_HOSTS at all', 'DEBUG = True\n', undefined],
  ])('%s', (_, text, hosts) => {
    expect(fixedAllowedHosts(text)).toEqual(hosts);
  });
});

describe('the warning in a Django plan', () => {
  const project = (hosts: string) => memProject({
    'requirements.txt': 'Django>=4.2\ngunicorn\n',
    'manage.py': "import os, sys\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'mysite.settings')\n",
    'mysite/__init__.py': '',
    'mysite/wsgi.py': 'from django.core.wsgi import get_wsgi_application\napplication = get_wsgi_application()\n',
    'mysite/settings.py': `DEBUG = True\nALLOWED_HOSTS = ${hosts}\n`,
  });

  test('fixed deploy hosts: one line naming them, the port and the fix', async () => {
    const { plan } = await buildPlan(project("['.example.app']"), {});
    expect(plan.warnings).toContain('mysite.settings: ALLOWED_HOSTS is fixed to .example.app, so Django answers 400 Bad Request on http://localhost:8000, and the healthcheck (Host 127.0.0.1) gets the same; read it from a variable (ALLOWED_HOSTS=localhost,127.0.0.1,your.domain, split on commas) and re-run');
  });

  test('hosts from a variable: no warning', async () => {
    const { plan } = await buildPlan(project("os.environ.get('ALLOWED_HOSTS', 'localhost').split(',')"), {});
    expect((plan.warnings ?? []).some((w) => w.includes('ALLOWED_HOSTS'))).toBe(false);
  });
});
