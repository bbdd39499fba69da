// s3server.js: starts @20minutes/s3rver (installed by
// tests/servers/setup-node.sh into tests/servers/.node) on 127.0.0.1 for the
// publish tests and the benchmark.
// usage: node tests/servers/s3server.js PORT DIR BUCKET...
'use strict';
const path = require('path');
const S3rver = require(path.join(__dirname, '.node', 'node_modules',
	'@20minutes', 's3rver'));
const [port, dir, ...buckets] = process.argv.slice(2);
const server = new S3rver({
	address: '127.0.0.1',
	port: Number(port),
	directory: dir,
	silent: true,
	// Signatures are checked (this is the default; said for the reader).
	allowMismatchedSignatures: false,
	configureBuckets: buckets.map((name) => ({ name })),
});
server.run().then(() => {
	console.log('ready');
}, (err) => {
	console.error(err);
	process.exit(1);
});
for (const sig of ['SIGTERM', 'SIGINT'])
	process.on(sig, () => server.close().then(() => process.exit(0)));
