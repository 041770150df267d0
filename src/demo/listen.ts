import http from 'node:http';
import net from 'node:net';

/** Listens on `port` (0: any free one) and resolves the port taken. */
export function listen(
  server: http.Server,
  port: number,
  host: string,
): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as net.AddressInfo).port);
    });
  });
}

/** Closes a server now, open keep-alive connections included. */
export function close(server: http.Server): Promise<void> {
  return new Promise(resolve => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
}

/**
 * A port that was free a moment ago. The service needs its port before it
 * starts, because BASE_URL and the providers' callback URLs name it.
 */
export async function freePort(host: string): Promise<number> {
  const server = http.createServer();
  const port = await listen(server, 0, host);
  await close(server);
  return port;
}

/** `http://host:port`, with IPv6 literals bracketed. */
export function origin(host: string, port: number): string {
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}
