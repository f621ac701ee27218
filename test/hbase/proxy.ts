/**
 * A loopback TCP proxy in front of a Thrift gateway, for failure tests: `hold()` swallows what
 * clients send (a call hangs, as with a stuck server), `cut()` destroys every open connection (a
 * dropped socket), `release()` goes back to forwarding. `accepted` counts client connections, so a
 * test can see a reconnect; `sent` is every byte clients sent, to check what goes on the wire.
 */
import { createServer, connect, type Socket } from 'node:net'

export interface Proxy {
  readonly port: number
  readonly accepted: () => number
  readonly sent: () => Buffer
  readonly hold: () => void
  readonly release: () => void
  readonly cut: () => void
  readonly close: () => Promise<void>
}

export const tcpProxy = (
  target: { readonly host: string; readonly port: number },
  /** Where to listen; default any free port. */
  listenPort = 0
): Promise<Proxy> =>
  new Promise((resolve, reject) => {
    const sockets = new Set<Socket>()
    let holding = false
    let accepted = 0
    const chunks: Array<Buffer> = []
    const track = (s: Socket): void => {
      sockets.add(s)
      s.on('close', () => sockets.delete(s))
      s.on('error', () => s.destroy())
    }
    const server = createServer((client) => {
      accepted++
      const upstream = connect(target.port, target.host)
      track(client)
      track(upstream)
      client.on('data', (d: Buffer) => {
        chunks.push(d)
        if (!holding) upstream.write(d)
      })
      upstream.on('data', (d) => client.write(d))
      client.on('close', () => upstream.destroy())
      upstream.on('close', () => client.destroy())
    })
    server.on('error', reject)
    server.listen(listenPort, '127.0.0.1', () => {
      const address = server.address()
      if (address === null || typeof address === 'string') return reject(new Error('no proxy port'))
      resolve({
        port: address.port,
        accepted: () => accepted,
        sent: () => Buffer.concat(chunks),
        hold: () => void (holding = true),
        release: () => void (holding = false),
        cut: () => {
          for (const s of sockets) s.destroy()
        },
        close: () =>
          new Promise<void>((done) => {
            for (const s of sockets) s.destroy()
            server.close(() => done())
          })
      })
    })
  })
