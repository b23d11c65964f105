/**
 * Log lines: human-readable on a terminal, JSON lines (one object per line, with source id and
 * error code) when not a TTY or with --log-format json, so cron mail and log shippers both work.
 */
import { redactUrlsInText } from '../core/redact-url.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface LogFields {
  source?: string;
  code?: string;
  [key: string]: unknown;
}

export interface Logger {
  log(level: LogLevel, message: string, fields?: LogFields): void;
  readonly json: boolean;
}

export interface LoggerOptions {
  json: boolean;
  quiet?: boolean;
  verbose?: boolean;
  stream?: NodeJS.WritableStream;
  /** Text lines only: colours a level's prefix ("warn: ") for a terminal; the cli decides whether. */
  paintLevel?: (level: LogLevel, prefix: string) => string;
}

export function createLogger(options: LoggerOptions): Logger {
  const stream = options.stream ?? process.stderr;
  const levels: LogLevel[] = options.quiet ? ['warn', 'error'] : options.verbose ? ['debug', 'info', 'warn', 'error'] : ['info', 'warn', 'error'];
  return {
    json: options.json,
    log(level, rawMessage, rawFields = {}) {
      if (!levels.includes(level)) return;
      // Error messages and fields carry fetch URLs; no log line may carry their credentials (issue 14).
      const message = redactUrlsInText(rawMessage);
      const fields: LogFields = Object.fromEntries(
        Object.entries(rawFields).map(([key, value]) => [key, typeof value === 'string' ? redactUrlsInText(value) : value]),
      );
      if (options.json) {
        stream.write(`${JSON.stringify({ time: new Date().toISOString(), level, msg: message, ...fields })}\n`);
        return;
      }
      const prefix = level === 'info' ? '' : (options.paintLevel?.(level, `${level}:`) ?? `${level}:`) + ' ';
      const where = fields.source ? `[${fields.source}] ` : '';
      const code = fields.code && !message.startsWith(String(fields.code)) ? `${fields.code}: ` : '';
      // A terminal reader sees the time; a file or journal needs it on the line, as JSON lines have.
      const stamp = (stream as NodeJS.WriteStream).isTTY ? '' : `${new Date().toISOString()} `;
      stream.write(`${stamp}${prefix}${where}${code}${message}\n`);
    },
  };
}

export const silentLogger: Logger = { json: false, log() {} };
