import { memProject, type Files } from '../../helpers/memfs.js';
import { buildPlan } from '../../../src/plan/detect.js';
import { render } from '../../../src/render/render.js';
import type { Answers } from '../../../src/plan/answers.js';
import type { Plan } from '../../../src/plan/types.js';
import type { JavaDetails } from '../../../detectors/java/detector.js';

/** Shared builders for the java detector tables (java.test.ts, java-spring-gradle.test.ts). */
export const plan = async (files: Files, answers: Answers = {}): Promise<Plan> => (await buildPlan(memProject(files), answers)).plan;
export const details = (p: Plan): JavaDetails => p.details as unknown as JavaDetails;
export const dockerfile = (p: Plan): string => render(p).find((f) => f.path === 'Dockerfile')!.text;

export const MAIN = 'package com.example;\n\npublic class App {\n    public static void main(String[] args) {}\n}\n';
export const SRC = { 'src/main/java/com/example/App.java': MAIN };

/** A pom.xml: `props` go into <properties>, `deps` and `plugins` are raw XML, `head` goes before <properties>. */
export const pom = ({ props = '', deps = '', plugins = '', head = '' } = {}): string => `<?xml version="1.0"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  ${head}
  <groupId>com.example</groupId>
  <artifactId>app</artifactId>
  <version>1.2.3</version>
  <properties>${props}</properties>
  <dependencies>${deps}</dependencies>
  <build><plugins>${plugins}</plugins></build>
</project>
`;
export const dep = (g: string, a: string, scope = ''): string => `<dependency><groupId>${g}</groupId><artifactId>${a}</artifactId>${scope ? `<scope>${scope}</scope>` : ''}</dependency>`;
export const jarMain = (cls: string): string => `<plugin><artifactId>maven-jar-plugin</artifactId><configuration><archive><manifest><mainClass>${cls}</mainClass></manifest></archive></configuration></plugin>`;
export const BOOT_PLUGIN = '<plugin><groupId>org.springframework.boot</groupId><artifactId>spring-boot-maven-plugin</artifactId></plugin>';
export const bootParent = (v: string): string => `<parent><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-parent</artifactId><version>${v}</version></parent>`;
export const WEB = dep('org.springframework.boot', 'spring-boot-starter-web');
export const ACTUATOR = dep('org.springframework.boot', 'spring-boot-starter-actuator');
export const bootPom = (v = '3.3.5', deps = WEB + ACTUATOR): string => pom({ head: bootParent(v), deps, plugins: BOOT_PLUGIN });
