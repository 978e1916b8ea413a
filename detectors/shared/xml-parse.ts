/**
 * The XML parser, for Maven POMs. Callers load this module with `import()` so a run without a pom.xml never loads
 * it (most runs: it is the only XML a detector reads).
 */
export { XMLParser, XMLValidator } from 'fast-xml-parser';
