// textDocument/completion: converts the position, asks the completion feature, returns items whose edit replaces the typed name.

import type { CompletionItem, CompletionParams } from 'vscode-languageserver/node';
import { CompletionItemKind, TextEdit } from 'vscode-languageserver/node';
import { completion } from '../../features/completion';
import type { CompletionKind } from '../../features/completion';
import type { ServerContext } from '../context';
import { toOffset, toRange } from '../context';
import type { HandlerModule } from '../server';

const KINDS: Record<CompletionKind, CompletionItemKind> = {
  url: CompletionItemKind.Reference,
  template: CompletionItemKind.File,
  library: CompletionItemKind.Module,
  tag: CompletionItemKind.Keyword,
  filter: CompletionItemKind.Function,
  block: CompletionItemKind.Field,
  static: CompletionItemKind.File,
  model: CompletionItemKind.Class,
  param: CompletionItemKind.Variable,
  variable: CompletionItemKind.Variable,
  member: CompletionItemKind.Field,
};

export const completionHandler: HandlerModule = {
  // Quotes open names, a space starts a tag's arguments, `|` a filter, `%` a tag, `:` a namespace's names, `.` an attribute.
  capabilities: { completionProvider: { triggerCharacters: ["'", '"', ' ', '|', '%', ':', '.'] } },
  register(ctx: ServerContext) {
    ctx.connection.onCompletion(
      ctx.guard('completion', [] as CompletionItem[], (params: CompletionParams) => {
        const fc = ctx.lookup(params.textDocument.uri);
        if (!fc) return [];
        const { items } = completion(fc.ws, fc.file, toOffset(fc.ws, fc.file, params.position));
        return items.map((i): CompletionItem => {
          const text = i.insertText ?? i.label;
          const edit = i.replaceSpan ? TextEdit.replace(toRange(fc.ws, fc.file, i.replaceSpan), text) : undefined;
          return { label: i.label, kind: KINDS[i.kind], detail: i.detail, documentation: i.documentation, textEdit: edit, insertText: edit ? undefined : text };
        });
      }),
    );
  },
};
