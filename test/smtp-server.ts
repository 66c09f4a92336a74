/**
 * A real SMTP server for tests (the smtp-server package) on 127.0.0.1 and a free port: every message it accepts is
 * kept raw and parsed back with mailparser. `refuse` lets a test answer a recipient with an SMTP error.
 */
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface Received {
  raw: string;
  mail: ParsedMail;
  to: string[];
}

export interface TestSmtp {
  url: string;
  received: Received[];
  /** Answer RCPT TO for an address with this code and message (e.g. 451 or 550), or null to accept. */
  refuse: (address: string) => { code: number; message: string } | null;
  close(): Promise<void>;
}

export async function startSmtp(): Promise<TestSmtp> {
  const received: Received[] = [];
  const state: TestSmtp = {
    url: '', received, refuse: () => null,
    close: async () => undefined,
  };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      const refusal = state.refuse(address.address);
      if (!refusal) return callback();
      const error = new Error(refusal.message) as Error & { responseCode: number };
      error.responseCode = refusal.code;
      return callback(error);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        simpleParser(raw).then((mail) => {
          received.push({ raw, mail, to: session.envelope.rcptTo.map((r) => r.address) });
          callback();
        }, (error: Error) => callback(error));
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.server.address() as AddressInfo;
  state.url = `smtp://127.0.0.1:${port}`;
  state.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return state;
}
