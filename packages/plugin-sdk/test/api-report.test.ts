/*
 * House style rule 18: the SDK's public surface is committed as api-report.api.md, so a change
 * to it shows in review. This runs API Extractor as CI would (localBuild: false, which never
 * rewrites the committed report) against the dist/ that `tsc -b` built, and fails while the
 * report is stale.
 */
import { expect } from 'chai';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConsoleMessageId, Extractor, ExtractorConfig, ExtractorLogLevel, type ExtractorMessage } from '@microsoft/api-extractor';

const SDK_DIR = fileURLToPath(new URL('../', import.meta.url));
const CONFIG_FILE = `${SDK_DIR}api-extractor.json`;
const REMEDY =
  'Run `npm run api`, review the change to packages/plugin-sdk/api-report.api.md and commit it; ' +
  'if the change is breaking (an export removed, renamed or narrowed), bump the major version of @stratos/plugin-sdk ' +
  '(a new export is a minor bump).';

/**
 * The lines where two reports differ, with a little context either side: mocha truncates each
 * side of a diff to 8 KB, which on a whole report would show changes that are not there.
 */
function changedRegion(before: string, after: string): [string, string] {
  const [a, b] = [before.split('\n'), after.split('\n')];
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let end = 0;
  while (end < a.length - start && end < b.length - start && a[a.length - 1 - end] === b[b.length - 1 - end]) end++;
  const from = Math.max(0, start - 3);
  const slice = (lines: string[]) => lines.slice(from, lines.length - Math.max(0, end - 3)).join('\n');
  return [slice(a), slice(b)];
}

describe('api-report', () => {
  it('matches the public surface of the built SDK', () => {
    const config = ExtractorConfig.loadFileAndPrepare(CONFIG_FILE);
    expect(existsSync(config.mainEntryPointFilePath), `${config.mainEntryPointFilePath} is missing: run npx tsc -b`).to.equal(
      true,
    );

    // Collected rather than printed, so a passing run is quiet; they go into the failure message.
    const messages: ExtractorMessage[] = [];
    const result = Extractor.invoke(config, {
      localBuild: false,
      messageCallback(message) {
        // The bundled compiler trailing the repo's TypeScript is a notice, not a change to the API.
        if (message.messageId === ConsoleMessageId.CompilerVersionNotice) message.logLevel = ExtractorLogLevel.None;
        if (message.logLevel === ExtractorLogLevel.Warning || message.logLevel === ExtractorLogLevel.Error) {
          messages.push(message);
        }
        message.handled = true;
      },
    });

    const problems = messages.map((message) => `  ${message.logLevel}: ${message.formatMessageWithLocation(SDK_DIR)}`);
    if (result.apiReportChanged) {
      const { fileName } = config.reportConfigs[0];
      const committedFile = path.join(config.reportFolder, fileName);
      const currentFile = path.join(config.reportTempFolder, fileName);
      const committed = existsSync(committedFile) ? readFileSync(committedFile, 'utf8') : '';
      const [was, now] = changedRegion(committed, readFileSync(currentFile, 'utf8'));
      // Compared as strings so mocha prints the diff: "actual" is the committed report, "expected" the current surface.
      const stale = `The public API of @stratos/plugin-sdk no longer matches ${fileName} (- committed, + current). ${REMEDY}`;
      expect(was, stale).to.equal(now);
    }
    if (!result.succeeded) expect.fail(`API Extractor reported problems in the SDK's exports:\n${problems.join('\n')}`);
  });
});
