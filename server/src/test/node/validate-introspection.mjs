// Checks a GraphQL introspection result with graphql-js, an implementation independent of the server's
// graphql-java: the schema it describes must build, be valid, and survive a round trip through SDL.
//
//   node validate-introspection.mjs --query       prints the introspection query to send
//   node validate-introspection.mjs result.json   validates a response to it; prints the schema as SDL
//
// Exits 1 with the problems on stderr when the result is not a valid schema.
import { readFileSync } from 'node:fs';
import { buildClientSchema, buildSchema, getIntrospectionQuery, printSchema, validateSchema } from 'graphql';

const QUERY_OPTIONS = {
  descriptions: true,
  specifiedByUrl: true,
  directiveIsRepeatable: true,
  schemaDescription: true,
  inputValueDeprecation: true,
};

function fail(messages) {
  for (const message of messages) {
    console.error(`invalid schema: ${message}`);
  }
  process.exit(1);
}

function validated(schema, what) {
  const errors = validateSchema(schema);
  if (errors.length > 0) {
    fail(errors.map((error) => `${what}: ${error.message}`));
  }
  return schema;
}

function check(file) {
  const response = JSON.parse(readFileSync(file, 'utf8'));
  if (response.errors?.length) {
    fail(response.errors.map((error) => `the introspection query failed: ${error.message}`));
  }
  if (!response.data?.__schema) {
    fail(['the response has no data.__schema']);
  }
  let schema;
  try {
    schema = buildClientSchema(response.data);
  } catch (error) {
    fail([`buildClientSchema: ${error.message}`]);
  }
  const sdl = printSchema(validated(schema, 'validateSchema'));
  try {
    validated(buildSchema(sdl), 'the schema rebuilt from its SDL');
  } catch (error) {
    fail([`buildSchema(printSchema(...)): ${error.message}`]);
  }
  process.stdout.write(`${sdl}\n`);
}

const argument = process.argv[2];
if (argument === '--query') {
  process.stdout.write(getIntrospectionQuery(QUERY_OPTIONS));
} else if (argument) {
  check(argument);
} else {
  fail(['usage: validate-introspection.mjs --query | <introspection result.json>']);
}
