/**
 * A loopback TCP proxy in front of a real server, for tests of a server that goes away mid-run:
 * `cut()` drops every open connection and stops listening, so new connections are refused, as when
 * the database machine goes down.
 */
import net from 'node:net';

export interface TcpProxy {
  port: number;
  /** Connections made through the proxy so far. */
  connections: number;
  cut(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const sockets = new Set<net.Socket>();
  const proxy: TcpProxy = { port: 0, connections: 0, cut };
  const server = net.createServer((client) => {
    proxy.connections++;
    const upstream = net.connect(target.port, target.host);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => undefined);
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.port = (server.address() as net.AddressInfo).port;
  async function cut(): Promise<void> {
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const socket of sockets) socket.destroy();
    await closed;
  }
  return proxy;
}
