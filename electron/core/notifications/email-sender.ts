/** Mail over SMTP with nodemailer: the server URL (smtp:// or smtps://, credentials in it) comes from the environment. */
import nodemailer from 'nodemailer';

export interface Mail {
  from: string;
  to: readonly string[];
  subject: string;
  text: string;
  html?: string;
}

/** Sends one mail; answers the server's reply, throws when the server did not accept it. */
export async function sendMail(smtpUrl: string, mail: Mail, options: { timeoutMs?: number } = {}): Promise<string> {
  const timeoutMs = options.timeoutMs ?? 15_000;
  const transport = nodemailer.createTransport({ url: smtpUrl, connectionTimeout: timeoutMs, greetingTimeout: timeoutMs, socketTimeout: timeoutMs });
  try {
    const info = await transport.sendMail({ from: mail.from, to: [...mail.to], subject: mail.subject, text: mail.text, ...(mail.html ? { html: mail.html } : {}) });
    const rejected = info.rejected.map(String);
    if (rejected.length > 0) throw new Error(`the server refused ${rejected.join(', ')}`);
    return info.response;
  } finally {
    transport.close();
  }
}
