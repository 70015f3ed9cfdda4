// The crash tests' view of `npm start` as a child process: the helpers live in
// local/child-runtime.ts, which the kill -9 script (reliability/kill-9.ts) uses too.

export {
  type ChildRuntime as ServerProcess,
  freePort,
  readStoredHistory,
  repeated,
  type StoredHistory,
  startChildRuntime as startServerProcess,
} from '../../local/child-runtime.js';
