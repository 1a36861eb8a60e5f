// Defaults for integration and end-to-end tests: a database whose name says test, quick retries,
// quiet logs. Anything set in the environment wins.
process.env.NODE_ENV ??= 'test';
process.env.DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/invoicing_test';
process.env.RABBITMQ_URL ??= 'amqp://guest:guest@127.0.0.1:5672';
process.env.EVENT_RETRY_DELAYS_MS ??= '100,200,400';
process.env.OUTBOX_POLL_MS ??= '50';
process.env.LOG_LEVEL ??= 'warn';
process.env.AUTH_RATE_LIMIT ??= '1000';
