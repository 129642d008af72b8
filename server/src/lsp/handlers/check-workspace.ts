// django-mtv/checkWorkspace: the whole-project check (features/check.ts, as `django-mtv check` does), published to the Problems panel.

import { DiagnosticSeverity } from 'vscode-languageserver/node';
import { checkByProject } from '../../features/check';
import { Requests } from '../../protocol';
import type { CheckWorkspaceResult } from '../../protocol';
import type { ServerContext } from '../context';
import { pathToUri } from '../context';
import type { HandlerModule } from '../server';
import { toLspDiagnostics } from './diagnostics';

export const checkWorkspaceHandler: HandlerModule = {
  capabilities: {},
  register(ctx: ServerContext) {
    /** Files this command published problems for, so that a later run clears the ones fixed since. */
    let published = new Set<string>();
    ctx.connection.onRequest(
      Requests.checkWorkspace,
      ctx.guard('checkWorkspace', { files: 0, problems: 0, errors: 0, checked: 0 } as CheckWorkspaceResult, async () => {
        const result: CheckWorkspaceResult = { files: 0, problems: 0, errors: 0, checked: 0 };
        const now = new Set<string>();
        for (const ws of ctx.workspaces()) {
          if (!ctx.settings(ws).diagnostics.enable) continue;
          // Open documents already have live diagnostics from their buffers: counted, not checked again.
          for (const p of checkByProject(ws, ws.root, { skip: (file) => ctx.documents.get(pathToUri(file)) !== undefined })) {
            result.checked += p.checked;
            for (const f of p.files) {
              const diagnostics = toLspDiagnostics(ctx, ws, f.file, f.diagnostics);
              if (!diagnostics.length) continue;
              const uri = pathToUri(f.file);
              now.add(uri);
              result.files++;
              result.problems += diagnostics.length;
              result.errors += diagnostics.filter((d) => d.severity === DiagnosticSeverity.Error).length;
              await ctx.connection.sendDiagnostics({ uri, diagnostics });
            }
            // Long checks let edits and other requests through between projects.
            await new Promise((r) => setImmediate(r));
          }
        }
        for (const uri of published) if (!now.has(uri) && !ctx.documents.get(uri)) await ctx.connection.sendDiagnostics({ uri, diagnostics: [] });
        published = now;
        return result;
      }),
    );
  },
};
