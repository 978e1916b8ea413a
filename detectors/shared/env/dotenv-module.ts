// dotenv's parser, in a module of its own so ./dotenv-parse.ts can import() it on first use.
export { parse } from 'dotenv';
