import { describe, expect, test } from 'vitest';
import { resolveServices, servicesFromDependencies } from '../../../detectors/shared/services.js';
import { buildPlan } from '../../../src/plan/detect.js';
import { memProject } from '../../helpers/memfs.js';

const url = (deps: string[], name = 'DATABASE_URL'): string | undefined =>
  resolveServices(servicesFromDependencies(deps), undefined, deps).flatMap((s) => s.appEnvironment).find((v) => v.name === name)?.value;

describe('database URLs the driver accepts', () => {
  test.each<[string, string[], RegExp]>([
    ['SQLAlchemy 2 + psycopg 3', ['sqlalchemy', 'psycopg'], /^postgresql\+psycopg:\/\/\$\{POSTGRES_USER:-app\}:/],
    ['SQLAlchemy + psycopg2-binary', ['sqlalchemy', 'psycopg2-binary'], /^postgresql\+psycopg2:\/\//],
    ['SQLAlchemy + asyncpg', ['sqlalchemy', 'asyncpg'], /^postgresql\+asyncpg:\/\//],
    ['SQLModel + psycopg 3 beside psycopg2', ['sqlmodel', 'psycopg2', 'psycopg'], /^postgresql\+psycopg:\/\//],
    ['Flask-SQLAlchemy + PyMySQL', ['flask-sqlalchemy', 'pymysql'], /^mysql\+pymysql:\/\/app:/],
    ['SQLAlchemy + mysqlclient', ['sqlalchemy', 'mysqlclient'], /^mysql\+mysqldb:\/\//],
    ['psycopg alone (no SQLAlchemy): libpq URL', ['psycopg'], /^postgres:\/\/.*\/\$\{POSTGRES_DB:-app\}$/],
    ['Go lib/pq: no TLS on the compose network', ['github.com/lib/pq'], /^postgres:\/\/.*@postgres:5432\/\$\{POSTGRES_DB:-app\}\?sslmode=disable$/],
    ['Go pgx v5', ['github.com/jackc/pgx/v5'], /\?sslmode=disable$/],
    ['GORM postgres driver', ['gorm.io/driver/postgres'], /\?sslmode=disable$/],
    ['Node pg: unchanged', ['pg'], /^postgres:\/\/.*\/\$\{POSTGRES_DB:-app\}$/],
    ['Node mysql2: unchanged', ['mysql2'], /^mysql:\/\//],
    ['Go go-sql-driver/mysql: its DSN, not a URL', ['github.com/go-sql-driver/mysql'], /^app:\$\{MYSQL_PASSWORD:\?[^}]*\}@tcp\(mysql:3306\)\/\$\{MYSQL_DATABASE:-app\}\?parseTime=true$/],
    ['GORM mysql driver (hands the DSN to go-sql-driver)', ['gorm.io/driver/mysql'], /^app:.*@tcp\(mysql:3306\)\/.*\?parseTime=true$/],
    ['negative: go-sql-driver with xo/dburl (the app turns the URL into the DSN)', ['github.com/go-sql-driver/mysql', 'github.com/xo/dburl'], /^mysql:\/\/app:.*@mysql:3306\//],
    ['negative: lib/pq with go-sql-driver: postgres keeps its URL', ['github.com/lib/pq', 'github.com/go-sql-driver/mysql'], /^postgres:\/\/.*\?sslmode=disable$/],
  ])('%s', (_, deps, expected) => {
    expect(url(deps)).toMatch(expected);
  });

  test('redis and mongo URLs are left alone', () => {
    expect(url(['sqlalchemy', 'psycopg', 'redis'], 'REDIS_URL')).toBe('redis://redis:6379');
  });

  test('Spring: JDBC URL per driver (mariadb driver -> jdbc:mariadb)', async () => {
    const pom = (artifact: string, group: string) => `<project><modelVersion>4.0.0</modelVersion><groupId>x</groupId><artifactId>a</artifactId><version>1</version>
<parent><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-parent</artifactId><version>3.4.0</version></parent>
<dependencies><dependency><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-web</artifactId></dependency>
<dependency><groupId>${group}</groupId><artifactId>${artifact}</artifactId></dependency></dependencies>
<build><plugins><plugin><groupId>org.springframework.boot</groupId><artifactId>spring-boot-maven-plugin</artifactId></plugin></plugins></build></project>`;
    const java = 'package x; @SpringBootApplication public class App { public static void main(String[] a) {} }\n';
    for (const [artifact, group, expected] of [['postgresql', 'org.postgresql', /^jdbc:postgresql:\/\/postgres:5432\//], ['mariadb-java-client', 'org.mariadb.jdbc', /^jdbc:mariadb:\/\/mysql:3306\//]] as const) {
      const { plan } = await buildPlan(memProject({ 'pom.xml': pom(artifact, group), 'src/main/java/x/App.java': java }), {});
      expect(plan.serviceDetails[0]!.appEnvironment.find((v) => v.name === 'SPRING_DATASOURCE_URL')?.value).toMatch(expected);
    }
  });
});
