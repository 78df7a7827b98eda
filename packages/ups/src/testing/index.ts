export {
  createUPSFake,
  type FakeActivity,
  type FakeShipment,
  INVALID_REQUEST,
  oneZCheckDigit,
  type UPSFake,
  type UPSFakeOptions,
} from './ups-fake.js';
