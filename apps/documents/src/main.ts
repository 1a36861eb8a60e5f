import 'reflect-metadata';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { setPriority } from 'node:os';
import { bootstrapWorker } from '@app/platform';
import { DocumentsModule } from './app.module';

// Everything this service does follows an answer already given (PDFs, e-invoices and emails of
// issued documents), so on a shared, busy machine it yields the CPU to the services that answer
// users (issuing first of all) and catches up as soon as they are idle. Linux nice, 0 to turn off.
lowerPriority(Number(process.env.DOCUMENTS_NICE ?? 5));

void bootstrapWorker(DocumentsModule, 'documents');

/** Every thread of the process (V8's own included, started before this line); later ones inherit it. */
function lowerPriority(nice: number): void {
  if (!nice) return;
  ownSessionNice(nice);
  let threads: number[] = [0];
  try {
    threads = readdirSync('/proc/self/task').map(Number);
  } catch {
    // not Linux: the calling thread is all we can reach
  }
  for (const thread of threads)
    try {
      setPriority(thread, nice);
    } catch {
      // not permitted here: that thread stays at normal priority
    }
}

/**
 * Linux shares the CPU out between sessions (autogroups) before threads' nice values count, and
 * `npm start` runs each service in a session of its own: there a thread's nice only weighs against
 * this service's own threads. The session's nice is what yields to the other services. Set only
 * when this process leads its session, so a parent's session (a test runner's) is never touched.
 */
function ownSessionNice(nice: number): void {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(') ') + 2).split(' ');
    const session = Number(fields[3]); // after "pid (comm) ": state ppid pgrp session
    if (session === process.pid) writeFileSync('/proc/self/autogroup', String(nice));
  } catch {
    // not Linux, or autogroups off: thread priorities are all there is
  }
}
