import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { parseServiceList, resolveServices, servicesFromDependencies } from '../../../detectors/shared/services.js';
import { buildPlan } from '../../../src/plan/detect.js';
import { render } from '../../../src/render/render.js';
import { memProject } from '../../helpers/memfs.js';

describe('backing services', () => {
  test.each<[string[], string[]]>([
    [['pg', 'mysql2'], ['DATABASE_URL', 'MYSQL_URL']],
    [['mysql2', 'pg'], ['DATABASE_URL', 'POSTGRES_URL']],
    [['pg', 'mysql2', 'mongoose', 'ioredis'], ['DATABASE_URL', 'MYSQL_URL', 'MONGODB_URI', 'REDIS_URL']],
    [['pg'], ['DATABASE_URL']],
  ])('dependencies %j give the app distinct variables %j', (deps, names) => {
    const plans = resolveServices(servicesFromDependencies(deps), undefined);
    expect(plans.flatMap((p) => p.appEnvironment.map((v) => v.name))).toEqual(names);
  });

  test('MariaDB\'s app user is never root, whatever the project\'s .env says (the official images refuse it)', async () => {
    const fs = memProject({
      'package.json': JSON.stringify({ name: 'my', dependencies: { mysql2: '3.0.0' }, scripts: { start: 'node index.js' } }),
      'index.js': "require('http').createServer().listen(process.env.MYSQL_USER ? 3000 : 3000)\n",
      '.env.example': 'MYSQL_USER=root\nMYSQL_PASSWORD=\n',
    });
    const { plan } = await buildPlan(fs, {});
    const compose = parse(render(plan).find((f) => f.path === 'docker-compose.yml')!.text) as { services: Record<string, { environment: Record<string, string> }> };
    // The service's user is fixed (compose reads .env for ${...}, where MYSQL_USER=root may be), and the app follows it.
    expect(compose.services.mysql!.environment.MARIADB_USER).toBe('app');
    expect(compose.services.app!.environment.MYSQL_USER).toBe('app');
    expect(compose.services.app!.environment.DATABASE_URL).toMatch(/^mysql:\/\/app:/);
    expect(JSON.stringify(compose)).not.toMatch(/\$\{MYSQL_USER/);
  });

  test('--services accepts the usual other names and rejects unknown ones', () => {
    expect(parseServiceList(['mariadb', 'postgresql', 'mongodb', 'mysql'])).toEqual(['mysql', 'postgres', 'mongo']);
    expect(() => parseServiceList(['oracle'])).toThrow(/unknown service "oracle"/);
  });

  test('postgres and MySQL drivers asked for together render a compose file with unique keys', async () => {
    const fs = memProject({
      'package.json': JSON.stringify({ name: 'two-db', dependencies: { express: '5.0.0', pg: '8.0.0', mysql2: '3.0.0' }, scripts: { start: 'node index.js' } }),
      'index.js': "require('express')().listen(3000)\n",
    });
    const { plan } = await buildPlan(fs, { services: ['postgres', 'mysql'] });
    const compose = render(plan).find((f) => f.path === 'docker-compose.yml')!.text;
    const doc = parse(compose, { uniqueKeys: true }) as { services: { app: { environment: Record<string, string> } } };
    expect(Object.keys(doc.services.app.environment)).toEqual(expect.arrayContaining(['DATABASE_URL', 'MYSQL_URL']));
  });

  test('a Spring app given two SQL databases gets spring.datasource.* once, from the first', async () => {
    const fs = memProject({
      'pom.xml': `<project><modelVersion>4.0.0</modelVersion><groupId>x</groupId><artifactId>two</artifactId><version>1</version>
<parent><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-parent</artifactId><version>3.4.0</version></parent>
<dependencies><dependency><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-web</artifactId></dependency>
<dependency><groupId>org.postgresql</groupId><artifactId>postgresql</artifactId></dependency>
<dependency><groupId>com.mysql</groupId><artifactId>mysql-connector-j</artifactId></dependency></dependencies>
<build><plugins><plugin><groupId>org.springframework.boot</groupId><artifactId>spring-boot-maven-plugin</artifactId></plugin></plugins></build></project>`,
      'src/main/java/x/App.java': 'package x; @SpringBootApplication public class App { public static void main(String[] a) {} }\n',
    });
    const { plan } = await buildPlan(fs, { services: ['mysql', 'postgres'] });
    const compose = render(plan).find((f) => f.path === 'docker-compose.yml')!.text;
    const env = (parse(compose, { uniqueKeys: true }) as { services: { app: { environment: Record<string, string> } } }).services.app.environment;
    expect(env.SPRING_DATASOURCE_URL).toMatch(/^jdbc:mysql:\/\/mysql:3306\//);
    const pg = plan.serviceDetails.find((s) => s.name === 'postgres')!;
    expect(pg.appEnvironment.map((v) => v.name)).not.toContain('SPRING_DATASOURCE_URL');
  });

  test('Spring with an H2 default and a mysql profile: no database by default; --services mysql activates the profile', async () => {
    const files = {
      'pom.xml': `<project><modelVersion>4.0.0</modelVersion><groupId>x</groupId><artifactId>pc</artifactId><version>1</version>
<parent><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-parent</artifactId><version>3.4.0</version></parent>
<dependencies><dependency><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-web</artifactId></dependency>
<dependency><groupId>com.h2database</groupId><artifactId>h2</artifactId></dependency>
<dependency><groupId>org.postgresql</groupId><artifactId>postgresql</artifactId></dependency>
<dependency><groupId>com.mysql</groupId><artifactId>mysql-connector-j</artifactId></dependency></dependencies>
<build><plugins><plugin><groupId>org.springframework.boot</groupId><artifactId>spring-boot-maven-plugin</artifactId></plugin></plugins></build></project>`,
      'src/main/java/x/App.java': 'package x; @SpringBootApplication public class App { public static void main(String[] a) {} }\n',
      'src/main/resources/application.properties': 'database=h2\n',
      'src/main/resources/application-mysql.properties': 'spring.datasource.url=${MYSQL_URL:jdbc:mysql://localhost/pc}\n',
    };
    const byDefault = (await buildPlan(memProject(files), {})).plan;
    expect(byDefault.services).toEqual([]);
    expect(byDefault.notes.join('\n')).toMatch(/postgres and mysql not run/);
    const asked = (await buildPlan(memProject(files), { services: ['mysql'] })).plan;
    const env = asked.serviceDetails[0]!.appEnvironment;
    expect(env).toContainEqual({ name: 'SPRING_PROFILES_ACTIVE', value: 'mysql' });
    const postgres = (await buildPlan(memProject(files), { services: ['postgres'] })).plan;
    expect(postgres.serviceDetails[0]!.appEnvironment.map((v) => v.name)).not.toContain('SPRING_PROFILES_ACTIVE');
  });
});
