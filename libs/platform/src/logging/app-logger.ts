import type { LoggerService, LogLevel } from '@nestjs/common';
import { requestContext } from './request-context';

const LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

/**
 * One log line per call, prefixed with the level and the correlation id of the request or message
 * being handled, so one request can be followed across all five services with grep.
 */
export class AppLogger implements LoggerService {
  private readonly enabled: Set<LogLevel>;

  constructor(level: string = process.env.LOG_LEVEL ?? 'log') {
    const index = Math.max(0, LEVELS.indexOf(level as LogLevel));
    this.enabled = new Set(LEVELS.slice(0, index + 1));
  }

  log(message: unknown, ...rest: unknown[]): void {
    this.write('log', message, rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.write('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.write('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.write('verbose', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]): void {
    this.write('fatal', message, rest);
  }
  setLogLevels(levels: LogLevel[]): void {
    this.enabled.clear();
    for (const level of levels) this.enabled.add(level);
  }

  private write(level: LogLevel, message: unknown, rest: unknown[]): void {
    if (!this.enabled.has(level)) return;
    const context = typeof rest[rest.length - 1] === 'string' ? (rest.pop() as string) : undefined;
    const correlationId = requestContext.current()?.correlationId;
    const text =
      message instanceof Error
        ? (message.stack ?? message.message)
        : typeof message === 'string'
          ? message
          : JSON.stringify(message);
    const extra = rest.map((r) =>
      r instanceof Error ? (r.stack ?? r.message) : typeof r === 'string' ? r : JSON.stringify(r),
    );
    const line = [
      level.toUpperCase().padEnd(5),
      correlationId ? `[${correlationId}]` : '[-]',
      context ? `${context}:` : '',
      text,
      ...extra,
    ]
      .filter(Boolean)
      .join(' ');
    (level === 'error' || level === 'fatal' || level === 'warn' ? process.stderr : process.stdout).write(
      line + '\n',
    );
  }
}
