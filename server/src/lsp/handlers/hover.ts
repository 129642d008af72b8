// textDocument/hover: converts the position, asks the hover feature, returns its Markdown (links filled with file URIs) over the hovered name's range.

import type { Hover, HoverParams } from 'vscode-languageserver/node';
import { MarkupKind } from 'vscode-languageserver/node';
import { hover } from '../../features/hover';
import type { ServerContext } from '../context';
import { hoverMarkdown, toOffset, toRange } from '../context';
import type { HandlerModule } from '../server';

export const hoverHandler: HandlerModule = {
  capabilities: { hoverProvider: true },
  register(ctx: ServerContext) {
    ctx.connection.onHover(
      ctx.guard('hover', null as Hover | null, (params: HoverParams) => {
        const fc = ctx.lookup(params.textDocument.uri);
        if (!fc) return null;
        const h = hover(fc.ws, fc.file, toOffset(fc.ws, fc.file, params.position));
        return h ? { contents: { kind: MarkupKind.Markdown, value: hoverMarkdown(h.contents) }, range: toRange(fc.ws, fc.file, h.span) } : null;
      }),
    );
  },
};
