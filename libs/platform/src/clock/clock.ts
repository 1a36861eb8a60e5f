/**
 * Every service reads time through this one injectable clock, so tests and demos can move it
 * (CLOCK_NOW starts the clock at an instant and lets it run on from there).
 */
export abstract class Clock {
  abstract now(): Date;
}

export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}

/** Starts at `start` when the process starts and runs on at normal speed. */
export class OffsetClock extends Clock {
  private readonly offsetMs: number;
  constructor(start: Date, realNow: Date = new Date()) {
    super();
    this.offsetMs = start.getTime() - realNow.getTime();
  }
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
}

/** A clock tests set by hand. */
export class FixedClock extends Clock {
  constructor(private current: Date) {
    super();
  }
  now(): Date {
    return new Date(this.current.getTime());
  }
  set(instant: Date): void {
    this.current = instant;
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

export function clockFromConfig(clockNow: string | null): Clock {
  return clockNow ? new OffsetClock(new Date(clockNow)) : new SystemClock();
}
