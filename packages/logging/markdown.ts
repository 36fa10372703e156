/**
 * Text for one cell of a Markdown table in a job summary: a pipe would end
 * the cell early and a newline the row, so pipes are escaped and line breaks
 * become `<br>` (or `newline`, where a cell should stay on one line).
 */
export function tableCell(text: string, newline = '<br>'): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, newline);
}
