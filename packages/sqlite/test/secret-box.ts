// Test key ring shared by the parent test and its worker processes.
import { SecretBox } from '@int/core';

export const TEST_KEY = Buffer.alloc(32, 7).toString('base64');

export function testSecretBox(): SecretBox {
  return new SecretBox([{ id: 'test', key: TEST_KEY }]);
}
