import type { ProjectFs } from '../../src/fs/project-fs.js';
import { excerpt, UserError } from '../../src/errors.js';
import { checkClassName, parseJavaVersion, type JavaBuild, type ManifestCopy } from './project.js';

type XmlNode = Record<string, unknown>;

const node = (v: unknown): XmlNode => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as XmlNode) : {});
const nodes = (v: unknown): XmlNode[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter((x) => x !== '').map(node);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);
const texts = (v: unknown): string[] => (Array.isArray(v) ? v : [v]).map(str).filter((t): t is string => t !== undefined);

const BOOT = 'org.springframework.boot';
const PLUGINS = 'org.apache.maven.plugins';
const RUNTIME_SCOPES = new Set(['compile', 'runtime']);

/** Parses pom.xml (fast-xml-parser; syntax errors carry line:col) into its <project> element. */
export async function parsePom(text: string, file = 'pom.xml'): Promise<XmlNode> {
  if (text.trim() === '') throw new UserError(`${file}: file is empty; it must hold a <project> element`);
  const { XMLParser, XMLValidator } = await import('../shared/xml-parse.js');
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    throw new UserError(`${file}:${valid.err.line}:${valid.err.col ?? 1}: invalid XML (${valid.err.msg}); fix the syntax and run again`);
  }
  // An entity can name a file to read (XXE) or expand without bound (billion laughs); a POM never needs one.
  if (/<!ENTITY/i.test(text)) throw new UserError(`${file}: declares XML entities (<!ENTITY>), which are refused because they can read files or expand without bound; remove the DOCTYPE`);
  let doc: XmlNode;
  try {
    doc = new XMLParser({ ignoreAttributes: true, parseTagValue: false, trimValues: true, processEntities: false }).parse(text) as XmlNode;
  } catch (err) {
    throw new UserError(`${file}: cannot read the XML (${String((err as Error).message).split('\n')[0]}); fix it and run again`);
  }
  if (!('project' in doc)) throw new UserError(`${file}: the root element is not <project>; is this a Maven POM?`);
  return node(doc.project);
}

/** The longest a property reference may expand to; real ones are versions and names. */
const MAX_EXPANDED = 4096;

/** Resolves `${...}` references from <properties> and the project coordinates; unknown ones stay as written. */
function resolver(project: XmlNode): (v: string | undefined) => string | undefined {
  const parent = node(project.parent);
  const build = node(project.build);
  const coords: Record<string, string | undefined> = {
    'project.groupId': str(project.groupId) ?? str(parent.groupId),
    'project.artifactId': str(project.artifactId),
    'project.version': str(project.version) ?? str(parent.version),
    'project.parent.version': str(parent.version),
    'project.parent.groupId': str(parent.groupId),
    'project.build.directory': 'target',
    'project.basedir': '.',
    basedir: '.',
  };
  coords['pom.version'] = coords['project.version'];
  coords.version = coords['project.version'];
  coords['project.build.finalName'] = str(build.finalName);
  const props: Record<string, string | undefined> = { ...coords };
  for (const [k, v] of Object.entries(node(project.properties))) if (typeof v === 'string') props[k] = v.trim();
  return (value) => {
    if (value === undefined) return undefined;
    let out = value;
    for (let i = 0; i < 10 && out.includes('${'); i++) {
      out = out.replace(/\$\{([^}]+)\}/g, (whole, key: string) => (Object.hasOwn(props, key) ? props[key] : undefined) ?? whole);
      // Properties referring to each other several times grow exponentially: ten rounds could reach gigabytes.
      if (out.length > MAX_EXPANDED) throw new UserError(`pom.xml: ${excerpt(value)} expands to more than ${MAX_EXPANDED} characters through <properties> that refer to each other; simplify them`);
    }
    return out;
  };
}

interface Plugin {
  key: string;
  version?: string;
  config: XmlNode;
  executions: { goals: string[]; config: XmlNode }[];
}

function plugins(list: unknown): Plugin[] {
  return nodes(node(list).plugin).map((p) => ({
    key: `${str(p.groupId) ?? PLUGINS}:${str(p.artifactId) ?? ''}`,
    version: str(p.version),
    config: node(p.configuration),
    executions: nodes(node(p.executions).execution).map((e) => ({
      goals: texts(node(e.goals).goal),
      config: node(e.configuration),
    })),
  }));
}

/** Reads pom.xml (and the Maven wrapper) into the facts the java detector plans from. */
export async function readMaven(fs: ProjectFs, workspace: string | undefined): Promise<JavaBuild> {
  if (workspace !== undefined) throw new UserError(`--workspace: Maven multi-module builds are not supported yet; run in a folder whose pom.xml packages the app`);
  const text = (await fs.readText('pom.xml'))!;
  const project = await parsePom(text);
  const r = resolver(project);
  const notes: string[] = [];
  const packaging = r(str(project.packaging)) ?? 'jar';
  if (nodes(node(project.modules).module).length > 0 || packaging === 'pom') {
    throw new UserError('pom.xml: a multi-module build (<modules> / packaging pom) is not supported yet; run in a module that packages a jar, or give it its own pom.xml');
  }
  if (packaging !== 'jar') throw new UserError(`pom.xml: packaging "${packaging}" is not supported; package the app as a runnable jar (<packaging>jar</packaging>)`);
  const build = node(project.build);
  const all = [...plugins(build.plugins), ...plugins(node(build.pluginManagement).plugins)];
  const used = plugins(build.plugins);
  const find = (key: string, from = all): Plugin | undefined => from.find((p) => p.key === key);
  const parent = node(project.parent);
  const deps = nodes(node(project.dependencies).dependency).map((d) => ({
    key: `${r(str(d.groupId)) ?? ''}:${r(str(d.artifactId)) ?? ''}`,
    scope: r(str(d.scope)) ?? 'compile',
  }));
  const runtimeDeps = deps.filter((d) => RUNTIME_SCOPES.has(d.scope)).map((d) => d.key);

  const wrapper = (await fs.exists('mvnw')) && (await fs.exists('.mvn/wrapper/maven-wrapper.properties')) ? 'mvnw' : null;
  if (!wrapper && (await fs.exists('mvnw'))) notes.push('mvnw without .mvn/wrapper/maven-wrapper.properties: using the maven image instead');
  const manifests: ManifestCopy[] = [{ files: ['pom.xml'], dest: './' }];
  if (await fs.isDir('.mvn')) manifests.push({ files: ['.mvn'], dest: './.mvn/' });

  // Spring Boot: its parent, its BOM imported in dependencyManagement, or its Maven plugin.
  const bootPlugin = find(`${BOOT}:spring-boot-maven-plugin`, used);
  const bootParent = str(parent.groupId) === BOOT && str(parent.artifactId) === 'spring-boot-starter-parent';
  const bom = nodes(node(node(project.dependencyManagement).dependencies).dependency)
    .find((d) => r(str(d.groupId)) === BOOT && r(str(d.artifactId)) === 'spring-boot-dependencies');
  let boot: JavaBuild['boot'];
  if (bootParent) boot = { version: r(str(parent.version)), source: 'parent spring-boot-starter-parent' };
  else if (bom) boot = { version: r(str(bom.version)), source: 'spring-boot-dependencies BOM' };
  else if (bootPlugin) boot = { version: r(bootPlugin.version), source: 'spring-boot-maven-plugin' };
  else if (runtimeDeps.some((d) => d.startsWith(`${BOOT}:spring-boot-starter`))) boot = { source: 'spring-boot-starter dependencies' };
  if (boot?.version?.includes('${')) boot.version = undefined;
  if (boot && !bootPlugin) {
    throw new UserError('pom.xml: Spring Boot project without spring-boot-maven-plugin in <build><plugins>, so its jar cannot run on its own; add the plugin');
  }
  if (boot && !bootParent && !bootPlugin!.executions.some((e) => e.goals.includes('repackage')) && !str(parent.artifactId)) {
    throw new UserError('pom.xml: spring-boot-maven-plugin has no "repackage" execution (the starter parent adds it); add <executions><execution><goals><goal>repackage</goal></goals></execution></executions>');
  }

  // The jar: shade replaces the main artifact unless it is attached; assembly's jar-with-dependencies sits next to it.
  const finalName = r(str(build.finalName)) ?? `${r(str(project.artifactId))}-${r(str(project.version) ?? str(parent.version))}`;
  if (finalName.includes('${') || finalName.includes('undefined')) {
    throw new UserError(`pom.xml: cannot work out the jar name ("${finalName}"); set <version> and <artifactId>, or <build><finalName>`);
  }
  const jarPlugin = find(`${PLUGINS}:maven-jar-plugin`);
  const shade = find(`${PLUGINS}:maven-shade-plugin`, used);
  const assembly = find(`${PLUGINS}:maven-assembly-plugin`, used);
  const configs = (p: Plugin | undefined): XmlNode[] => (p ? [p.config, ...p.executions.map((e) => e.config)] : []);
  const manifestMain = (c: XmlNode): string | undefined => r(str(node(node(c.archive).manifest).mainClass));
  let jarName = `${finalName}.jar`;
  let fat = false;
  let mainClass: JavaBuild['mainClass'];
  const shadeMain = configs(shade).flatMap((c) => nodes(node(c.transformers).transformer)).map((t) => r(str(t.mainClass))).find(Boolean);
  const assemblyConfig = configs(assembly).find((c) => texts(node(c.descriptorRefs).descriptorRef).includes('jar-with-dependencies'));
  if (!boot && shade) {
    fat = true;
    const attached = configs(shade).some((c) => r(str(c.shadedArtifactAttached)) === 'true');
    const classifier = configs(shade).map((c) => r(str(c.shadedClassifierName))).find(Boolean) ?? 'shaded';
    if (attached) jarName = `${finalName}-${classifier}.jar`;
    if (shadeMain) mainClass = { value: shadeMain, source: 'maven-shade-plugin ManifestResourceTransformer' };
    notes.push(`maven-shade-plugin: ${jarName} holds its dependencies`);
  } else if (!boot && assemblyConfig) {
    fat = true;
    jarName = `${finalName}-jar-with-dependencies.jar`;
    const m = manifestMain(assemblyConfig);
    if (m) mainClass = { value: m, source: 'maven-assembly-plugin manifest' };
    notes.push(`maven-assembly-plugin: ${jarName} holds its dependencies`);
  }
  const jarMain = configs(jarPlugin).map(manifestMain).find(Boolean);
  let inManifest = Boolean(mainClass);
  if (!mainClass && jarMain) {
    mainClass = { value: jarMain, source: 'maven-jar-plugin manifest mainClass' };
    inManifest = true;
  }
  if (!mainClass) {
    const props = node(project.properties);
    const exec = configs(find('org.codehaus.mojo:exec-maven-plugin')).map((c) => r(str(c.mainClass))).find(Boolean);
    const named = (['exec.mainClass', 'main.class', 'mainClass'] as const).map((k) => [k, r(str(props[k]))] as const).find(([, v]) => v);
    if (exec) mainClass = { value: exec, source: 'exec-maven-plugin mainClass' };
    else if (named) mainClass = { value: named[1]!, source: `<properties> ${named[0]}` };
  }
  if (mainClass) checkClassName(mainClass.value, 'pom.xml');

  const mvn = wrapper ? './mvnw' : 'mvn';
  // Runtime jars next to the app jar when it is neither fat nor Boot: listed ones, or ones a parent POM may add.
  const libs = !boot && !fat && (runtimeDeps.length > 0 || str(parent.artifactId) !== undefined) ? { kind: 'dir' as const, dir: 'target/dependency' } : null;
  const buildArgv = [mvn, '-B', 'package', ...(libs ? ['dependency:copy-dependencies', '-DincludeScope=runtime'] : []), '-DskipTests'];
  return {
    tool: 'maven',
    file: 'pom.xml',
    projectDir: '',
    workspaces: [],
    wrapper,
    manifests,
    javaVersion: pomJavaVersion(project, r, all, bootParent ? boot?.version : undefined),
    boot,
    dependencies: runtimeDeps,
    mainClass,
    manifestMain: inManifest,
    jar: { dir: 'target', name: jarName },
    libs,
    resolve: [mvn, '-B', 'dependency:go-offline'],
    build: buildArgv,
    cacheTarget: '/root/.m2',
    toolImage: wrapper ? null : { name: 'maven', versionArg: 'MAVEN_VERSION', version: '3.9', tag: '${MAVEN_VERSION}-eclipse-temurin-${JAVA_VERSION}' },
    notes,
  };
}

/** The compiler plugin's release/source, the maven.compiler.* and java.version properties, or Boot's parent default. */
function pomJavaVersion(project: XmlNode, r: (v: string | undefined) => string | undefined, all: Plugin[], bootParentVersion: string | undefined): JavaBuild['javaVersion'] {
  const props = node(project.properties);
  const compiler = all.find((p) => p.key === `${PLUGINS}:maven-compiler-plugin`)?.config ?? {};
  const candidates: [string | undefined, string][] = [
    [str(compiler.release), 'maven-compiler-plugin <release>'],
    [str(props['maven.compiler.release']), 'maven.compiler.release'],
    [str(compiler.source), 'maven-compiler-plugin <source>'],
    [str(props['maven.compiler.source']), 'maven.compiler.source'],
    [str(props['java.version']), 'java.version'],
    [str(compiler.target), 'maven-compiler-plugin <target>'],
    [str(props['maven.compiler.target']), 'maven.compiler.target'],
  ];
  for (const [raw, label] of candidates) {
    const value = r(raw);
    const n = value === undefined ? undefined : parseJavaVersion(value);
    if (n !== undefined) return { value: n, source: `pom.xml ${label} (${value})` };
  }
  // spring-boot-starter-parent sets java.version: 17 from Boot 3, 1.8 before.
  const major = bootParentVersion ? Number(/^(\d+)/.exec(bootParentVersion)?.[1]) : NaN;
  if (major >= 3) return { value: 17, source: `spring-boot-starter-parent ${bootParentVersion} default java.version (17)` };
  if (major === 2) return { value: 8, source: `spring-boot-starter-parent ${bootParentVersion} default java.version (1.8)` };
  return undefined;
}
