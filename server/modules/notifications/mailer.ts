import { Readable } from 'node:stream';
import MailComposer from 'nodemailer/lib/mail-composer';
import SMTPConnection from 'nodemailer/lib/smtp-connection';

/** An e-mail ready to compose: addresses, both bodies, a stable Message-ID and the one-click unsubscribe link. */
export interface Outgoing {
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
  date: Date;
  unsubscribeUrl: string;
}

/** Builds the MIME message (nodemailer's composer): multipart/alternative with plain text and HTML. */
export async function compose(mail: Outgoing): Promise<{ raw: Buffer; envelope: { from: string; to: string[] } }> {
  const node = new MailComposer({
    from: mail.from, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html, messageId: mail.messageId, date: mail.date,
    headers: {
      // RFC 2369 and RFC 8058: the mail client may unsubscribe with one POST to this address, without opening a page.
      'List-Unsubscribe': { prepared: true, value: `<${mail.unsubscribeUrl}>` },
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      'Auto-Submitted': 'auto-generated',
    },
  }).compile();
  const raw = await node.build();
  const envelope = node.getEnvelope();
  return { raw, envelope: { from: envelope.from || '', to: envelope.to } };
}

/** Why a delivery failed, and whether the mail server may already have the message. */
export class DeliveryError extends Error {
  constructor(
    message: string,
    /** The message was complete and its end handed to the server: it may have been accepted. */
    readonly committed: boolean,
    /** The server's reply code, when it answered (5xx: permanent). */
    readonly responseCode: number | undefined,
  ) {
    super(message);
  }
}

function connectionOptions(smtpUrl: string) {
  const url = new URL(smtpUrl);
  const secure = url.protocol === 'smtps:';
  const auth = url.username ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } : undefined;
  return {
    options: {
      host: url.hostname, port: url.port ? Number(url.port) : secure ? 465 : 587, secure,
      connectionTimeout: 30_000, greetingTimeout: 30_000, socketTimeout: 60_000,
    },
    auth,
  };
}

/**
 * Hands one message to the SMTP server. `beforeCommit` runs when every byte of the message has been given to
 * the connection and only the end-of-data line is left: it records that the message is about to be complete
 * and returns false to abandon it instead (the server then never receives the end, so it never delivers).
 * Resolves with the server's reply once it accepted the message.
 */
export function deliver(smtpUrl: string, envelope: { from: string; to: string[] }, raw: Buffer, beforeCommit: () => boolean): Promise<string> {
  const { options, auth } = connectionOptions(smtpUrl);
  return new Promise((resolve, reject) => {
    let committed = false;
    let settled = false;
    const connection = new SMTPConnection(options);
    const finish = (error: unknown, response?: string) => {
      if (settled) return;
      settled = true;
      if (error) {
        connection.close();
        const code = (error as { responseCode?: number }).responseCode;
        reject(error instanceof DeliveryError ? error : new DeliveryError((error as Error).message ?? String(error), committed, code));
      } else {
        connection.quit();
        resolve(response ?? '');
      }
    };
    connection.on('error', (error) => finish(error));
    let step = 0;
    const message = new Readable({
      read() {
        if (step === 0) {
          step = 1;
          this.push(raw);
        } else if (step === 1) {
          step = 2;
          let proceed = false;
          try {
            proceed = beforeCommit();
          } catch (error) {
            this.destroy(error as Error);
            return;
          }
          if (!proceed) {
            this.destroy(new DeliveryError('This server process no longer holds the sending lease; the message was abandoned before its end.', false, undefined));
            return;
          }
          committed = true;
          this.push(null);
        }
      },
    });
    connection.connect((error) => {
      if (error) return finish(error);
      const send = () => connection.send(envelope, message, (err, info) => finish(err, info?.response));
      if (auth) connection.login(auth, (err) => (err ? finish(err) : send()));
      else send();
    });
  });
}
