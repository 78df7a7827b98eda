export {
  createFedExFake,
  type FakeShipment,
  type FedExFake,
  type FedExFakeFault,
  type FedExFakeOperation,
  type FedExFakeOptions,
} from './fedex-fake.js';
