import { describe, expect, it } from 'vitest';
import { labelContentType } from '../src/provider/index.js';

describe('labelContentType', () => {
  it('maps each carrier spelling of a label format to one MIME type', () => {
    expect(labelContentType('PDF')).toBe('application/pdf');
    expect(labelContentType('png')).toBe('image/png');
    expect(labelContentType('GIF')).toBe('image/gif');
    expect(labelContentType('ZPL')).toBe('application/x-zpl');
    expect(labelContentType('ZPLII')).toBe('application/x-zpl');
    expect(labelContentType('EPL')).toBe('application/x-epl2');
    expect(labelContentType('EPL2')).toBe('application/x-epl2');
  });

  it('falls back to application/octet-stream for an unknown or missing format', () => {
    for (const format of ['TIFF', '', undefined, 'toString', '__proto__']) {
      expect(labelContentType(format)).toBe('application/octet-stream');
    }
  });
});
