// In-host check of template context (issue 15): completion after `{{ question.` lists the model's fields in the real editor.
/// <reference types="mocha" />
import * as vscode from 'vscode';
import { poll, positionOf, requireActiveExtension } from './helpers';

const labelOf = (item: vscode.CompletionItem): string => (typeof item.label === 'string' ? item.label : item.label.label);

describe('template context', () => {
  it('completes the fields of the model a view passes, after {{ question.', async () => {
    // detail.html is rendered by polls.views.detail with {"question": get_object_or_404(Question, ...)}.
    const at = await positionOf('polls/templates/polls/detail.html', 'question.question_text }}', 'question.'.length);
    await requireActiveExtension();
    let last: string[] = [];
    try {
      await poll(async () => {
        const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', at.document.uri, at.position);
        last = (list?.items ?? []).map(labelOf);
        return ['question_text', 'pub_date', 'choice_set'].every((l) => last.includes(l)) ? true : undefined;
      }, 'completion items question_text, pub_date and choice_set');
    } catch (error) {
      throw new Error(`${(error as Error).message}; the last items were ${last.slice(0, 30).join(', ') || 'none'}`);
    }
  });
});
