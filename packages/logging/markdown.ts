/**
 * Text for one cell of a Markdown table in a job summary: a pipe would end
 * the cell early and a newline the row, so pipes are escaped and line breaks
 * become `<br>` (or `newline`, where a cell should stay on one line). The
 * text is shown, never rendered: it may come from a tool, a registry or a
 * pull request's files (an ignore file's reason), so `&`, `<` and `>` are
 * escaped too.
 */
export function tableCell(text: string, newline = '<br>'): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\|/g, '\\|').replace(/\r?\n/g, newline);
}
