import { describe, expect, test } from 'vitest';
import type { Files } from '../../helpers/memfs.js';
import { dockerfileProblems } from '../../helpers/validate.js';
import { parseJavaVersion } from '../../../detectors/java/project.js';
import type { Answers } from '../../../src/plan/answers.js';
import { MAIN, SRC, bootPom, dep, details, dockerfile, jarMain, plan, pom } from './helpers.js';

describe('Java version', () => {
  test.each<[string, number | undefined]>([
    ['17', 17], ['1.8', 8], ['21.0.2', 21], ['JavaVersion.VERSION_17', 17], ['VERSION_1_8', 8], ['"11"', 11], ['latest', undefined],
  ])('parseJavaVersion(%s)', (text, want) => {
    expect(parseJavaVersion(text)).toBe(want);
  });

  test.each<[string, Files, Answers, string]>([
    ['maven.compiler.release', { 'pom.xml': pom({ props: '<maven.compiler.release>17</maven.compiler.release>' }) }, {}, '17'],
    ['maven.compiler.source 1.8', { 'pom.xml': pom({ props: '<maven.compiler.source>1.8</maven.compiler.source>' }) }, {}, '8'],
    ['java.version through a property reference', { 'pom.xml': pom({ props: '<jdk>21</jdk><java.version>${jdk}</java.version>' }) }, {}, '21'],
    ['compiler plugin <release> beats properties', { 'pom.xml': pom({ props: '<maven.compiler.source>11</maven.compiler.source>', plugins: '<plugin><artifactId>maven-compiler-plugin</artifactId><configuration><release>17</release></configuration></plugin>' }) }, {}, '17'],
    ['Boot 3 parent default', { 'pom.xml': bootPom('3.2.1') }, {}, '17'],
    ['.java-version when the build has none', { 'pom.xml': pom(), '.java-version': 'temurin-17.0.9\n' }, {}, '17'],
    ['.sdkmanrc', { 'pom.xml': pom(), '.sdkmanrc': 'java=21.0.2-tem\n' }, {}, '21'],
    ['nothing: the current LTS', { 'pom.xml': pom() }, {}, '25'],
    ['--runtime-version wins', { 'pom.xml': pom({ props: '<maven.compiler.release>17</maven.compiler.release>' }) }, { runtimeVersion: '21' }, '21'],
    ['Gradle toolchain', { 'build.gradle.kts': 'plugins { java }\njava { toolchain { languageVersion = JavaLanguageVersion.of(17) } }\n' }, {}, '17'],
    ['Gradle toolchain .set()', { 'build.gradle': "plugins { id 'java' }\njava { toolchain { languageVersion.set(JavaLanguageVersion.of(21)) } }\n" }, {}, '21'],
    ['Kotlin jvmToolchain', { 'build.gradle.kts': 'plugins { java }\nkotlin { jvmToolchain(17) }\n' }, {}, '17'],
    ['sourceCompatibility', { 'build.gradle': "plugins { id 'java' }\nsourceCompatibility = JavaVersion.VERSION_11\n" }, {}, '11'],
  ])('%s', async (_, files, answers, version) => {
    const p = await plan({ ...SRC, ...files }, answers);
    expect(p.runtime).toEqual({ name: 'java', version });
    expect(p.args).toContainEqual({ name: 'JAVA_VERSION', value: version });
  });

  test.each<[string, Files, Answers, RegExp]>([
    ['Java 7', { 'pom.xml': pom({ props: '<maven.compiler.release>1.7</maven.compiler.release>' }) }, {}, /^pom.xml: Java 7 has no official eclipse-temurin image; use one of the nearest/],
    ['bad --runtime-version', { 'pom.xml': pom() }, { runtimeVersion: 'latest' }, /^--runtime-version: "latest" is not a Java version/],
    ['distroless for Java 11', { 'pom.xml': pom({ props: '<java.version>11</java.version>' }) }, { base: 'distroless' }, /^--base distroless: there is no distroless image for Java 11/],
  ])('negative: %s', async (_, files, answers, error) => {
    await expect(plan({ ...SRC, ...files }, answers)).rejects.toThrow(error);
  });

  test('Java without a distroless image runs on the Temurin JRE', async () => {
    const p = await plan({ ...SRC, 'pom.xml': pom({ props: '<java.version>11</java.version>' }) });
    expect(p.base).toBe('slim');
    expect(details(p).images.runtime).toEqual({ name: 'eclipse-temurin', tag: '${JAVA_VERSION}-jre' });
    expect(p.start[0]).toBe('/opt/java/openjdk/bin/java');
    expect(p.notes.join('\n')).toMatch(/no distroless image for Java 11/);
  });
});

describe('Maven plain jars', () => {
  test.each<[string, Files, Answers, { start: string[]; build: string[]; libDir?: string | null; jar?: string }]>([
    ['manifest mainClass, no dependencies: java -jar', { 'pom.xml': pom({ plugins: jarMain('com.example.App') }) }, {},
      { start: ['/usr/bin/java', '-jar', '/app/app.jar'], build: ['mvn', '-B', 'package', '-DskipTests'], libDir: null, jar: 'app-1.2.3.jar' }],
    ['no manifest: the only main class, -cp', { 'pom.xml': pom() }, {},
      { start: ['/usr/bin/java', '-cp', '/app/app.jar', 'com.example.App'], build: ['mvn', '-B', 'package', '-DskipTests'] }],
    ['dependencies: copied next to the jar', { 'pom.xml': pom({ plugins: jarMain('com.example.App'), deps: dep('com.google.code.gson', 'gson') + dep('org.junit.jupiter', 'junit-jupiter', 'test') }) }, {},
      { start: ['/usr/bin/java', '-cp', '/app/app.jar:/app/lib/*', 'com.example.App'], build: ['mvn', '-B', 'package', 'dependency:copy-dependencies', '-DincludeScope=runtime', '-DskipTests'], libDir: 'target/dependency' }],
    ['test-only dependencies: no lib', { 'pom.xml': pom({ plugins: jarMain('com.example.App'), deps: dep('junit', 'junit', 'test') }) }, {},
      { start: ['/usr/bin/java', '-jar', '/app/app.jar'], build: ['mvn', '-B', 'package', '-DskipTests'], libDir: null }],
    ['shade: a fat jar', { 'pom.xml': pom({ deps: dep('com.google.code.gson', 'gson'), plugins: '<plugin><artifactId>maven-shade-plugin</artifactId><executions><execution><goals><goal>shade</goal></goals><configuration><transformers><transformer implementation="org.apache.maven.plugins.shade.resource.ManifestResourceTransformer"><mainClass>com.example.App</mainClass></transformer></transformers></configuration></execution></executions></plugin>' }) }, {},
      { start: ['/usr/bin/java', '-jar', '/app/app.jar'], build: ['mvn', '-B', 'package', '-DskipTests'], libDir: null, jar: 'app-1.2.3.jar' }],
    ['assembly jar-with-dependencies', { 'pom.xml': pom({ deps: dep('com.google.code.gson', 'gson'), plugins: '<plugin><artifactId>maven-assembly-plugin</artifactId><configuration><descriptorRefs><descriptorRef>jar-with-dependencies</descriptorRef></descriptorRefs><archive><manifest><mainClass>com.example.App</mainClass></manifest></archive></configuration></plugin>' }) }, {},
      { start: ['/usr/bin/java', '-jar', '/app/app.jar'], build: ['mvn', '-B', 'package', '-DskipTests'], jar: 'app-1.2.3-jar-with-dependencies.jar' }],
    ['finalName with a property', { 'pom.xml': pom({ props: '<name.base>svc</name.base>', plugins: jarMain('com.example.App') }).replace('<build>', '<build><finalName>${name.base}-${project.version}</finalName>') }, {},
      { start: ['/usr/bin/java', '-jar', '/app/app.jar'], build: ['mvn', '-B', 'package', '-DskipTests'], jar: 'svc-1.2.3.jar' }],
    ['exec.mainClass property', { 'pom.xml': pom({ props: '<exec.mainClass>com.example.Other</exec.mainClass>' }) }, {},
      { start: ['/usr/bin/java', '-cp', '/app/app.jar', 'com.example.Other'], build: ['mvn', '-B', 'package', '-DskipTests'] }],
    ['--main overrides the manifest', { 'pom.xml': pom({ plugins: jarMain('com.example.App') }) }, { main: 'com.example.Tool' },
      { start: ['/usr/bin/java', '-cp', '/app/app.jar', 'com.example.Tool'], build: ['mvn', '-B', 'package', '-DskipTests'] }],
    ['--start and --build', { 'pom.xml': pom() }, { start: 'java -Xss1m -jar /app/app.jar serve', build: 'mvn -B -Pprod package -DskipTests' },
      { start: ['/usr/bin/java', '-Xss1m', '-jar', '/app/app.jar', 'serve'], build: ['mvn', '-B', '-Pprod', 'package', '-DskipTests'] }],
  ])('%s', async (_, files, answers, want) => {
    const p = await plan({ ...SRC, ...files }, answers);
    expect(p.stack).toBe('java');
    expect(p.packageManager).toBe('maven');
    expect(p.framework).toBeNull();
    expect(p.start).toEqual(want.start);
    expect(p.build).toEqual(want.build);
    if (want.libDir !== undefined) expect(details(p).libDir).toBe(want.libDir);
    if (want.jar) expect(details(p).jar).toEqual({ dir: 'target', name: want.jar });
    expect(dockerfileProblems(dockerfile(p))).toEqual([]);
  });

  test.each<[string, Files, Answers, RegExp]>([
    ['broken XML names line and column', { 'pom.xml': '<project>\n  <groupId>x</groupId>\n  <artifactId>y</version>\n</project>\n' }, {}, /^pom.xml:3:\d+: invalid XML \(Expected closing tag 'artifactId'/],
    ['not a POM', { 'pom.xml': '<settings/>' }, {}, /^pom.xml: the root element is not <project>/],
    ['multi-module', { 'pom.xml': pom({ head: '<packaging>pom</packaging><modules><module>api</module></modules>' }) }, {}, /^pom.xml: a multi-module build/],
    ['war packaging', { 'pom.xml': pom({ head: '<packaging>war</packaging>' }) }, {}, /^pom.xml: packaging "war" is not supported/],
    ['no main class at all', { 'pom.xml': pom(), 'src/main/java/com/example/App.java': 'package com.example;\nclass App {}\n' }, {}, /^pom.xml: no main class .* pass --main com.example.App/],
    ['several main classes', { 'pom.xml': pom(), 'src/main/java/com/example/Tool.java': MAIN.replace('App', 'Tool') }, {}, /^pom.xml: several classes have a main method \(com.example.App, com.example.Tool\); pass --main/],
    ['a main class only in tests does not count', { 'pom.xml': pom(), 'src/main/java/com/example/App.java': 'class App {}', 'src/test/java/AppTest.java': MAIN }, {}, /no main class/],
    ['bad --main', { 'pom.xml': pom() }, { main: 'com.example.App; rm -rf /' }, /^--main: "com.example.App; rm -rf \/" is not a Java class name/],
    ['--start needing a shell', { 'pom.xml': pom() }, { start: 'java -jar app.jar | tee log' }, /^--start: .* needs a shell/],
    ['empty --build', { 'pom.xml': pom() }, { build: '' }, /^--build: a Java app needs its build step/],
    ['Quarkus', { 'pom.xml': pom({ deps: dep('io.quarkus', 'quarkus-rest') }) }, {}, /^pom.xml: Quarkus apps .* not supported yet/],
    ['unresolvable jar name', { 'pom.xml': pom().replace('<version>1.2.3</version>', '<version>${revision}</version>') }, {}, /^pom.xml: cannot work out the jar name/],
  ])('negative: %s', async (_, files, answers, error) => {
    await expect(plan({ ...SRC, ...files }, answers)).rejects.toThrow(error);
  });

  test('mvnw: Temurin JDK image, the wrapper copied executable, .mvn copied before the download', async () => {
    const p = await plan({ ...SRC, 'pom.xml': pom(), mvnw: '#!/bin/sh\n', '.mvn/wrapper/maven-wrapper.properties': 'distributionUrl=x\n' });
    expect(details(p).images.build).toEqual({ name: 'eclipse-temurin', tag: '${JAVA_VERSION}-jdk' });
    expect(details(p).resolve).toEqual(['./mvnw', '-B', 'dependency:go-offline']);
    expect(p.build?.[0]).toBe('./mvnw');
    expect(p.args.map((a) => a.name)).toEqual(['JAVA_VERSION']);
    const text = dockerfile(p);
    expect(text).toContain('COPY [".mvn", "./.mvn/"]\nCOPY --chmod=755 ["mvnw", "./"]\nRUN --mount=type=cache,target=/root/.m2,sharing=locked ["./mvnw", "-B", "dependency:go-offline"]');
    expect(dockerfileProblems(text)).toEqual([]);
  });

  test('no wrapper: the maven image, versions as ARGs', async () => {
    const p = await plan({ ...SRC, 'pom.xml': pom() });
    expect(details(p).images.build).toEqual({ name: 'maven', tag: '${MAVEN_VERSION}-eclipse-temurin-${JAVA_VERSION}' });
    expect(p.args).toEqual([{ name: 'JAVA_VERSION', value: '25' }, { name: 'MAVEN_VERSION', value: '3.9' }]);
  });
});

describe('runtime, port and health for plain servers', () => {
  test.each<[string, string, number, string, string]>([
    ['getOrDefault', 'int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "9000")); server.createContext("/health", h);', 9000, '/health', '400'],
    ['getenv with a ternary', 'String p = System.getenv("PORT");\nint port = p == null ? 7000 : Integer.parseInt(p, 10);', 7000, '/', '500'],
    ['Javalin start literal', 'Javalin.create().get("/ping", ctx -> ctx.result("ok")).start(7070);', 7070, '/ping', '400'],
    ['nothing: 8080', 'System.out.println("hi");', 8080, '/', '500'],
  ])('%s', async (_, body, port, health, below) => {
    const p = await plan({ 'pom.xml': pom(), 'src/main/java/com/example/App.java': `package com.example;\npublic class App {\n  public static void main(String[] args) {\n${body}\n  }\n}\n` });
    expect(p.port).toBe(port);
    expect(p.env).toEqual([
      { name: 'LANG', value: 'C.UTF-8' },
      { name: 'JAVA_TOOL_OPTIONS', value: '-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError' },
      { name: 'PORT', value: String(port) },
    ]);
    expect(p.healthcheck.path).toBe(health);
    expect(p.healthcheck.cmd.slice(-3)).toEqual([`http://127.0.0.1:${port}${health}`, below, 'PORT']);
  });

  test.each<[string, Answers, string, string]>([
    ['distroless (default for 17, 21 and 25)', {}, 'gcr.io/distroless/java${JAVA_VERSION}-debian13:nonroot', '/usr/bin/java'],
    ['slim', { base: 'slim' }, 'eclipse-temurin:${JAVA_VERSION}-jre', '/opt/java/openjdk/bin/java'],
    ['alpine', { base: 'alpine' }, 'eclipse-temurin:${JAVA_VERSION}-jre-alpine', '/opt/java/openjdk/bin/java'],
  ])('runtime %s: numeric user, java from the image, clean Dockerfile', async (_, answers, image, java) => {
    const p = await plan({ ...SRC, 'pom.xml': pom() }, answers);
    expect(p.user).toEqual({ uid: 65532, gid: 65532 });
    expect(p.start[0]).toBe(java);
    expect(p.healthcheck.cmd[0]).toBe(java);
    const text = dockerfile(p);
    expect(text).toContain(`FROM ${image} AS runtime`);
    expect(text).toContain('USER 65532:65532');
    expect(dockerfileProblems(text)).toEqual([]);
  });

  test('pom.xml next to package.json: Java wins', async () => {
    expect((await plan({ ...SRC, 'pom.xml': pom(), 'package.json': { name: 'ui', scripts: { build: 'vite build' } } })).stack).toBe('java');
  });
});
