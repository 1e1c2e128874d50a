// PostGraphile 4 beside Egenkontroll, run by `make bench` (internal/bench/peer.go), never by
// `make test`: the same database, read only (no mutations), with the aggregate and filter plugins a
// BI team would add for counting. Usage: node server.js <postgres connection string> <port>
"use strict";
const http = require("http");
const { postgraphile } = require("postgraphile");
const PgAggregatesPlugin = require("@graphile/pg-aggregates").default;
const ConnectionFilterPlugin = require("postgraphile-plugin-connection-filter");

const [, , connection, port, exportSchema] = process.argv;
const handler = postgraphile(connection, "public", {
  disableDefaultMutations: true,
  simpleCollections: "both",
  appendPlugins: [ConnectionFilterPlugin, PgAggregatesPlugin],
  graphileBuildOptions: { connectionFilterRelations: true },
  disableQueryLog: true,
  retryOnInitFail: false,
  exportGqlSchemaPath: exportSchema || undefined,
});
http.createServer(handler).listen(Number(port), "127.0.0.1", () => {
  console.log("PostGraphile 4 listening on 127.0.0.1:" + port);
});
