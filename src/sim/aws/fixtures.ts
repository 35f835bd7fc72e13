/** The AWS wire fixtures (vendored in test/fixtures/wire/aws) the fakes answer with unless told otherwise. */
import { fileURLToPath } from 'node:url';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Overridable for a checkout where the shared fixtures live elsewhere. */
export const AWS_WIRE_FIXTURES_DIR = process.env.TRIAGED_AWS_WIRE_FIXTURES ?? fileURLToPath(new URL('../../../test/fixtures/wire/aws', import.meta.url));

export async function readAwsFixture<T>(file: string, dir: string = AWS_WIRE_FIXTURES_DIR): Promise<T> {
  return JSON.parse(await readFile(join(dir, file), 'utf8')) as T;
}
