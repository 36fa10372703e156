// A tiny HTTP service: answers /healthz, and exits cleanly on SIGTERM.
const http = require('node:http');

const server = http.createServer((request, response) => {
  if (request.url === '/healthz') {
    response.writeHead(200, { 'content-type': 'text/plain' });
    response.end('ok\n');
    return;
  }
  response.writeHead(404);
  response.end();
});
server.listen(Number(process.env.PORT ?? 8080));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
