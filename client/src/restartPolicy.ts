// Decides whether a crashed server is restarted: yes, unless it keeps crashing.
import { CloseAction, ErrorAction, ErrorHandler } from 'vscode-languageclient/node';
import { Commands, OUTPUT_NAME } from './constants';

const MAX_RESTARTS = 4;
const RESTART_WINDOW_MS = 3 * 60 * 1000;

/**
 * Builds the client's error handler. Restarting forever would hide a server that dies on every start and
 * burn the CPU, so after `MAX_RESTARTS` crashes within `RESTART_WINDOW_MS` we stop and say so;
 * `onGiveUp` lets the caller reflect that in the status bar.
 */
export function restartingErrorHandler(onGiveUp: (message: string) => void, now: () => number = Date.now): ErrorHandler {
  const crashes: number[] = [];
  return {
    error(_error, _message, count) {
      // Occasional read/write errors are survivable; a burst means the connection is gone.
      return { action: count !== undefined && count <= 3 ? ErrorAction.Continue : ErrorAction.Shutdown };
    },
    closed() {
      const time = now();
      crashes.push(time);
      while (crashes.length > 0 && time - crashes[0] > RESTART_WINDOW_MS) crashes.shift();
      if (crashes.length > MAX_RESTARTS) {
        const message =
          `The Django MTV server stopped ${crashes.length} times in the last 3 minutes and will not be restarted. ` +
          `See the "${OUTPUT_NAME}" output for the cause, then run "Django: Restart Language Server" (${Commands.restartServer}).`;
        onGiveUp(message);
        return { action: CloseAction.DoNotRestart, message };
      }
      return { action: CloseAction.Restart, handled: true };
    },
  };
}
