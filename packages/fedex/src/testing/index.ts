export {
  createFedExFake,
  DAILY_QUOTA_FAULT,
  type FakeShipment,
  type FedExFake,
  type FedExFakeOptions,
} from './fedex-fake.js';
