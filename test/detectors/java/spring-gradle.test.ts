import { describe, expect, test } from 'vitest';
import type { Files } from '../../helpers/memfs.js';
import { render } from '../../../src/render/render.js';
import type { Answers } from '../../../src/plan/answers.js';
import { dockerfileProblems } from '../../helpers/validate.js';
import { bootLayout } from '../../../detectors/java/spring.js';
import { BOOT_PLUGIN, MAIN, SRC, WEB, bootParent, bootPom, dep, details, dockerfile, plan, pom } from './helpers.js';

describe('Spring Boot', () => {
  test.each<[string | undefined, string | null, string | null]>([
    ['3.3.5', '-Djarmode=tools', 'org.springframework.boot.loader.launch.JarLauncher'],
    ['3.2.4', '-Djarmode=layertools', 'org.springframework.boot.loader.launch.JarLauncher'],
    ['2.7.18', '-Djarmode=layertools', 'org.springframework.boot.loader.JarLauncher'],
    ['2.3.12.RELEASE', null, null],
    [undefined, '-Djarmode=tools', 'org.springframework.boot.loader.launch.JarLauncher'],
  ])('layout for Boot %s', (version, mode, launcher) => {
    const l = bootLayout(version);
    expect(l.extract?.[0] ?? null).toBe(mode);
    expect(l.launcher).toBe(launcher);
  });

  test('parent 3.3: layered extraction, layers copied in order, launcher, actuator health, SERVER_PORT', async () => {
    const p = await plan({ ...SRC, 'pom.xml': bootPom() });
    expect(p.framework).toBe('spring-boot');
    expect(p.start).toEqual(['/usr/bin/java', '-cp', '/app', 'org.springframework.boot.loader.launch.JarLauncher']);
    expect(p.healthcheck.path).toBe('/actuator/health');
    expect(p.healthcheck.cmd.slice(-3)).toEqual(['http://127.0.0.1:8080/actuator/health', '400', 'SERVER_PORT']);
    expect(p.env).toContainEqual({ name: 'SERVER_PORT', value: '8080' });
    const text = dockerfile(p);
    expect(text).toContain('RUN ["java", "-Djarmode=tools", "-jar", "/out/app.jar", "extract", "--layers", "--launcher", "--destination", "/out/layers"]');
    expect(text.match(/COPY --from=build \["\/out\/layers\/([a-z-]+)\/"/g)!.map((l) => l.split('/')[3])).toEqual(['dependencies', 'spring-boot-loader', 'snapshot-dependencies', 'application']);
    expect(dockerfileProblems(text)).toEqual([]);
  });

  test('Boot 2.3: an unlayered fat jar run with java -jar, on Java 8 (the parent default) and the Temurin JRE', async () => {
    const p = await plan({ ...SRC, 'pom.xml': bootPom('2.3.12.RELEASE') });
    expect(p.runtime.version).toBe('8');
    expect(p.start).toEqual(['/opt/java/openjdk/bin/java', '-jar', '/app/app.jar']);
    expect(details(p).boot).toBeNull();
    expect(dockerfile(p)).toContain('COPY --from=build /out/app.jar ./app.jar');
  });

  test.each<[string, Files, { port: number; portVar: string; health: string; probePort?: number }]>([
    ['properties with ${PORT:9000}', { 'src/main/resources/application.properties': 'server.port=${PORT:9000}\n' }, { port: 9000, portVar: 'PORT', health: '/actuator/health' }],
    ['yaml nested port and context path', { 'src/main/resources/application.yml': 'server:\n  port: 8081\n  servlet:\n    context-path: /api\n' }, { port: 8081, portVar: 'SERVER_PORT', health: '/api/actuator/health' }],
    ['yaml profile documents do not apply', { 'src/main/resources/application.yml': 'server.port: 8082\n---\nspring.config.activate.on-profile: prod\nserver.port: 80\n' }, { port: 8082, portVar: 'SERVER_PORT', health: '/actuator/health' }],
    ['management base path and port', { 'src/main/resources/application.properties': 'management.endpoints.web.base-path=/manage\nmanagement.server.port=9091\nserver.servlet.context-path=/x\n' }, { port: 8080, portVar: 'SERVER_PORT', health: '/manage/health', probePort: 9091 }],
  ])('config: %s', async (_, files, want) => {
    const p = await plan({ ...SRC, 'pom.xml': bootPom(), ...files });
    expect(p.port).toBe(want.port);
    expect(p.env).toContainEqual({ name: want.portVar, value: String(want.port) });
    expect(p.healthcheck.path).toBe(want.health);
    expect(p.healthcheck.cmd).toContain(`http://127.0.0.1:${want.probePort ?? want.port}${want.health}`);
  });

  test('without actuator: a health route from the controllers', async () => {
    const p = await plan({ 'pom.xml': bootPom('3.3.5', WEB), 'src/main/java/com/example/Web.java': '@RestController class Web { @GetMapping("/healthz") String h() { return "ok"; } }' });
    expect(p.healthcheck.path).toBe('/healthz');
  });

  test.each<[string, Files, RegExp]>([
    ['no Boot plugin', { 'pom.xml': pom({ head: bootParent('3.3.5'), deps: WEB }) }, /^pom.xml: Spring Boot project without spring-boot-maven-plugin/],
    ['BOM without repackage', { 'pom.xml': pom({ deps: WEB, plugins: BOOT_PLUGIN }).replace('<dependencies>', '<dependencyManagement><dependencies>' + dep('org.springframework.boot', 'spring-boot-dependencies', 'import') + '</dependencies></dependencyManagement><dependencies>') }, /^pom.xml: spring-boot-maven-plugin has no "repackage" execution/],
    ['broken application.yml', { 'pom.xml': bootPom(), 'src/main/resources/application.yml': 'server:\n  port: [8080\n' }, /^src\/main\/resources\/application.yml:\d+:\d+: invalid YAML/],
  ])('negative: %s', async (_, files, error) => {
    await expect(plan({ ...SRC, ...files })).rejects.toThrow(error);
  });

  test('--main is refused for Boot', async () => {
    await expect(plan({ ...SRC, 'pom.xml': bootPom() }, { main: 'com.example.App' })).rejects.toThrow(/^--main: a Spring Boot jar starts the class its plugin records/);
  });

  test('services from drivers and starters, with Spring datasource variables for compose', async () => {
    const deps = WEB + dep('org.postgresql', 'postgresql', 'runtime') + dep('org.springframework.boot', 'spring-boot-starter-data-redis');
    const p = await plan({ ...SRC, 'pom.xml': bootPom('3.3.5', deps) });
    expect(p.services).toEqual(['postgres', 'redis']);
    const pg = p.serviceDetails.find((s) => s.name === 'postgres')!.appEnvironment;
    expect(pg.map((e) => e.name)).toEqual(['DATABASE_URL', 'SPRING_DATASOURCE_URL', 'SPRING_DATASOURCE_USERNAME', 'SPRING_DATASOURCE_PASSWORD']);
    expect(pg.find((e) => e.name === 'SPRING_DATASOURCE_URL')!.value).toBe('jdbc:postgresql://postgres:5432/${POSTGRES_DB:-app}');
    expect(p.serviceDetails.find((s) => s.name === 'redis')!.appEnvironment).toContainEqual({ name: 'SPRING_DATA_REDIS_HOST', value: 'redis' });
    const compose = render(p).find((f) => f.path === 'docker-compose.yml')!.text;
    expect(compose).toContain('SPRING_DATASOURCE_PASSWORD: "${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD in .env (see .env.example)}"');
  });
});

describe('Gradle', () => {
  const app = (extra = ''): string => `plugins {\n    application\n}\n\ndependencies {\n    implementation("com.google.guava:guava:33.0.0-jre")\n}\n\napplication {\n    mainClass = "com.example.App"\n}\n${extra}`;

  test('application plugin: installDist, runtime jars in /app/lib, gradle image without a wrapper', async () => {
    const p = await plan({ ...SRC, 'build.gradle.kts': app(), 'settings.gradle.kts': 'rootProject.name = "demo"\n' });
    expect(p.packageManager).toBe('gradle');
    expect(p.build).toEqual(['gradle', '--no-daemon', '--console=plain', 'installDist']);
    expect(details(p).resolve).toEqual(['gradle', '--no-daemon', '--console=plain', 'dependencies']);
    expect(p.start).toEqual(['/usr/bin/java', '-cp', '/app/app.jar:/app/lib/*', 'com.example.App']);
    expect(details(p).images.build).toEqual({ name: 'gradle', tag: '${GRADLE_VERSION}-jdk${JAVA_VERSION}' });
    expect(p.args).toContainEqual({ name: 'GRADLE_VERSION', value: '9.1' });
    expect(details(p).manifests).toEqual([{ files: ['build.gradle.kts', 'settings.gradle.kts'], dest: './' }]);
    const text = dockerfile(p);
    expect(text).toContain('cp -R build/install/*/lib/. /out/lib/');
    expect(text).toContain('COPY --from=build /out/lib ./lib\nCOPY --from=build /out/app.jar ./app.jar');
    expect(dockerfileProblems(text)).toEqual([]);
  });

  test('wrapper: Temurin JDK, ./gradlew, gradle/ and buildSrc/ copied before the download; version from the catalog', async () => {
    const p = await plan({
      ...SRC,
      'build.gradle': "plugins {\n  alias(libs.plugins.spring.boot)\n  id 'java'\n}\ndependencies {\n  implementation libs.spring.boot.starter.web\n  runtimeOnly 'org.postgresql:postgresql'\n}\n",
      'gradle/libs.versions.toml': '[versions]\nboot = "3.1.5"\n[libraries]\nspring-boot-starter-web = { module = "org.springframework.boot:spring-boot-starter-web" }\n[plugins]\nspring-boot = { id = "org.springframework.boot", version.ref = "boot" }\n',
      'gradle/wrapper/gradle-wrapper.properties': 'distributionUrl=https\\://services.gradle.org/distributions/gradle-8.5-bin.zip\n',
      gradlew: '#!/bin/sh\n',
      'buildSrc/build.gradle': '',
    });
    expect(p.framework).toBe('spring-boot');
    expect(p.build).toEqual(['./gradlew', '--no-daemon', '--console=plain', 'bootJar']);
    expect(p.start).toEqual(['/usr/bin/java', '-cp', '/app', 'org.springframework.boot.loader.JarLauncher']);
    expect(p.services).toEqual(['postgres']);
    expect(details(p).manifests.map((m) => m.dest)).toEqual(['./', './gradle/', './buildSrc/']);
    const text = dockerfile(p);
    expect(text).toContain('COPY --chmod=755 ["gradlew", "./"]');
    expect(text).toContain('cp build/libs/*.jar /out/app.jar');
    expect(text).toContain('"-Djarmode=layertools"');
    expect(dockerfileProblems(text)).toEqual([]);
  });

  test.each<[string, Files, string]>([
    ['buildscript classpath with an ext variable', { 'build.gradle': "buildscript {\n  ext { springBootVersion = '2.7.18' }\n  dependencies { classpath(\"org.springframework.boot:spring-boot-gradle-plugin:${springBootVersion}\") }\n}\napply plugin: 'java'\napply plugin: 'org.springframework.boot'\n" }, 'org.springframework.boot.loader.JarLauncher'],
    ['plugin version from gradle.properties', { 'build.gradle.kts': 'plugins {\n    java\n    id("org.springframework.boot") version "$bootVersion"\n}\n', 'gradle.properties': 'bootVersion=3.2.0\n' }, 'org.springframework.boot.loader.launch.JarLauncher'],
  ])('Boot version: %s', async (_, files, launcher) => {
    const p = await plan({ ...SRC, ...files });
    expect(p.framework).toBe('spring-boot');
    expect(p.start.at(-1)).toBe(launcher);
    expect(dockerfileProblems(dockerfile(p))).toEqual([]);
  });

  test('plain java plugin with a Main-Class attribute: the jar task, java -jar', async () => {
    const p = await plan({ ...SRC, 'build.gradle': "plugins { id 'java' }\njar {\n  manifest { attributes 'Main-Class': 'com.example.App' }\n}\n" });
    expect(p.build?.at(-1)).toBe('jar');
    expect(p.start).toEqual(['/usr/bin/java', '-jar', '/app/app.jar']);
    expect(details(p).hasLib).toBe(false);
  });

  test('Kotlin main function: <File>Kt class', async () => {
    const p = await plan({ 'build.gradle.kts': 'plugins {\n    kotlin("jvm") version "2.0.21"\n    application\n}\n', 'src/main/kotlin/com/example/Server.kt': 'package com.example\n\nfun main() {\n}\n' });
    expect(p.start.at(-1)).toBe('com.example.ServerKt');
  });

  test.each<[string, Files, Answers, RegExp]>([
    ['several runnable projects', { 'settings.gradle.kts': 'include("api", "worker")\n', 'api/build.gradle.kts': app(), 'worker/build.gradle.kts': app() }, {}, /^settings.gradle.kts: several projects could be the app \(api, worker\); pass --workspace <folder>/],
    ['--workspace that is not included', { 'settings.gradle.kts': 'include("app")\n', 'app/build.gradle.kts': app() }, { workspace: 'web' }, /^--workspace: "web" is not an included Gradle project/],
    ['--workspace with Maven', { 'pom.xml': pom() }, { workspace: 'api' }, /^--workspace: Maven multi-module builds are not supported yet/],
    ['dependencies without the application plugin', { 'build.gradle': "plugins { id 'java' }\ndependencies { implementation 'com.google.guava:guava:33.0.0-jre' }\n" }, {}, /^build.gradle: runtime dependencies \(com.google.guava:guava\) but no application plugin/],
    ['Android', { 'build.gradle.kts': 'plugins {\n    id("com.android.application")\n}\n' }, {}, /^build.gradle.kts: an Android build makes an APK/],
    ['broken version catalog', { 'build.gradle.kts': app(), 'gradle/libs.versions.toml': '[versions\n' }, {}, /^gradle\/libs.versions.toml:1:\d+: invalid TOML/],
  ])('negative: %s', async (_, files, answers, error) => {
    await expect(plan({ ...SRC, ...files }, answers)).rejects.toThrow(error);
  });

  test('gradle init layout: settings includes app, the only runnable project; its tasks, outputs and sources', async () => {
    const p = await plan({
      'settings.gradle.kts': 'plugins {\n    id("org.gradle.toolchains.foojay-resolver-convention") version "0.8.0"\n}\nrootProject.name = "demo"\ninclude("app", "list")\n',
      'app/build.gradle.kts': app('\njava {\n    toolchain {\n        languageVersion = JavaLanguageVersion.of(21)\n    }\n}\n'),
      'list/build.gradle.kts': 'plugins {\n    `java-library`\n}\n',
      'app/src/main/java/com/example/App.java': MAIN.replace('{}', '{ int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "7000")); }'),
      'gradle/libs.versions.toml': '[versions]\n',
    });
    expect(p.build).toEqual(['gradle', '--no-daemon', '--console=plain', ':app:installDist']);
    expect(details(p).resolve.at(-1)).toBe(':app:dependencies');
    expect(p.runtime.version).toBe('21');
    expect(p.port).toBe(7000);
    expect(p.workspaces).toEqual(['app', 'list']);
    expect(details(p).manifests).toEqual([
      { files: ['settings.gradle.kts'], dest: './' },
      { files: ['gradle'], dest: './gradle/' },
      { files: ['app/build.gradle.kts'], dest: './app/' },
      { files: ['list/build.gradle.kts'], dest: './list/' },
    ]);
    expect(p.dockerignore).toEqual(expect.arrayContaining(['build', 'app/build', 'list/build', 'list/.gradle']));
    const text = dockerfile(p);
    expect(text).toContain('cp app/build/libs/*.jar /out/app.jar');
    expect(text).toContain('cp -R app/build/install/*/lib/. /out/lib/');
    expect(dockerfileProblems(text)).toEqual([]);
  });

  test('--workspace picks one of several projects', async () => {
    const p = await plan({ 'settings.gradle': "include 'api', ':tools:worker'\n", 'api/build.gradle': "plugins { id 'application' }\napplication { mainClass = 'com.example.Api' }\n", 'tools/worker/build.gradle': "plugins { id 'application' }\napplication { mainClass = 'com.example.Worker' }\n" }, { workspace: 'tools/worker' });
    expect(p.build?.at(-1)).toBe(':tools:worker:installDist');
    expect(p.start.at(-1)).toBe('com.example.Worker');
  });

  test('a root app with an included library builds the root', async () => {
    const p = await plan({ ...SRC, 'settings.gradle.kts': 'include("lib")\n', 'build.gradle.kts': app(), 'lib/build.gradle.kts': 'plugins { `java-library` }\n' });
    expect(p.build?.at(-1)).toBe('installDist');
  });

  test('pom.xml and a Gradle wrapper: Gradle wins, noted', async () => {
    const p = await plan({ ...SRC, 'pom.xml': pom(), 'build.gradle.kts': app(), gradlew: '', 'gradle/wrapper/gradle-wrapper.properties': '' });
    expect(p.packageManager).toBe('gradle');
    expect(p.notes.join('\n')).toMatch(/using Gradle \(it has a wrapper\)/);
  });
});

