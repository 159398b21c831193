// Many adapter tests run the CLI with spawnSync. A test file made of such
// synchronous tests never lets its worker's event loop reach the I/O phase,
// so vitest's own RPC replies to the worker wait until the file ends; after
// 60 s the worker's RPC timer fires first ("Timeout calling onTaskUpdate")
// although every test passed. One turn of the event loop after each test
// (setImmediate runs after the I/O poll) lets those replies in.
import { afterEach } from 'vitest';

afterEach(() => new Promise<void>((resolve) => setImmediate(resolve)));
