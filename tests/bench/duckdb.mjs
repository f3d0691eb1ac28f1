// The DuckDB rows of make bench: runs one SQL query with DuckDB's own engine
// (the npm package @duckdb/node-api, installed by tests/bench/lib.sh into
// build/bench/duckdb), reads every row of its result, and prints how many.
//   node tests/bench/duckdb.mjs 'SELECT ...'
import { DuckDBInstance } from '@duckdb/node-api';

const instance = await DuckDBInstance.create(':memory:');
const connection = await instance.connect();
const reader = await connection.runAndReadAll(process.argv[2]);
console.log(reader.getRows().length);
