// Benchmark-only PostGraphile server for GraphQlBenchmark (bench/README.md). Never part of the product.
// Serves /graphql over the benchmark database as the application role (no BYPASSRLS), with the connection-filter
// plugin. Each request's bearer token (the dev issuer's RS256 token, as the platform gets) is verified with the
// issuer's public key, and its tenant_id claim becomes app.tenant_id through pgSettings, so PostGraphile runs every
// request as begin; set_config(...); query; commit under the same row-level security as the platform.
// Environment: DATABASE_URL (application role), PORT, JWT_PUBLIC_KEY (PEM), POOL (connections per worker),
// WORKERS (node processes, cluster mode).
'use strict';
const cluster = require('cluster');
const http = require('http');
const jwt = require('jsonwebtoken');
const { Pool } = require('pg');
const { postgraphile } = require('postgraphile');
const ConnectionFilterPlugin = require('postgraphile-plugin-connection-filter');

const workers = Number(process.env.WORKERS || 1);
if (cluster.isPrimary && workers > 1) {
  for (let i = 0; i < workers; i++) cluster.fork();
  cluster.on('exit', (worker, code) => { console.error(`worker ${worker.process.pid} exited (${code})`); process.exit(1); });
} else {
  const publicKey = process.env.JWT_PUBLIC_KEY;
  const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.POOL || 10) });
  const middleware = postgraphile(pool, 'public', {
    appendPlugins: [ConnectionFilterPlugin],
    graphqlRoute: '/graphql',
    graphiql: false,
    disableQueryLog: true,
    retryOnInitFail: false,
    dynamicJson: true,
    setofFunctionsContainNulls: false,
    ignoreRBAC: false,
    pgSettings: (req) => {
      const header = req.headers.authorization || '';
      const claims = jwt.verify(header.replace(/^Bearer /, ''), publicKey, { algorithms: ['RS256'] });
      return { 'app.tenant_id': String(claims.tenant_id) };
    },
  });
  http.createServer(middleware).listen(Number(process.env.PORT), '127.0.0.1', () => {
    console.error(`postgraphile worker ${process.pid} listening on ${process.env.PORT}`);
  });
}
