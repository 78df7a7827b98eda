// Carriers name a label's format by their own codes (FedEx `ZPLII`, UPS `ZPL`):
// one table gives the MIME type an app serves or stores the label under.
const LABEL_TYPES: Readonly<Record<string, string>> = {
  PDF: 'application/pdf',
  PNG: 'image/png',
  GIF: 'image/gif',
  ZPL: 'application/x-zpl',
  ZPLII: 'application/x-zpl',
  EPL: 'application/x-epl2',
  EPL2: 'application/x-epl2',
};

/** The MIME type of a shipping label in `format` (any case); `application/octet-stream` when unknown. */
export function labelContentType(format: string | undefined): string {
  return (format && LABEL_TYPES[format.toUpperCase()]) || 'application/octet-stream';
}
