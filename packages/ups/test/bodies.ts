/** A Rate request body as this package sends it (see contract.test.ts for how it is built). */
export const rateBody = {
  RateRequest: {
    Request: {},
    Shipment: {
      Shipper: {
        Name: 'Acme Widgets',
        ShipperNumber: 'A1B2C3',
        Address: {
          AddressLine: ['2311 York Rd'],
          City: 'Timonium',
          StateProvinceCode: 'MD',
          PostalCode: '21093',
          CountryCode: 'US',
        },
      },
      ShipTo: {
        Name: 'Jane Doe',
        Address: {
          AddressLine: ['123 Main St'],
          City: 'Alpharetta',
          StateProvinceCode: 'GA',
          PostalCode: '30005',
          CountryCode: 'US',
        },
      },
      PaymentDetails: {
        ShipmentCharge: [{ Type: '01', BillShipper: { AccountNumber: 'A1B2C3' } }],
      },
      Service: { Code: '03', Description: 'Ground' },
      Package: [
        {
          PackagingType: { Code: '02' },
          PackageWeight: { UnitOfMeasurement: { Code: 'LBS', Description: 'Pounds' }, Weight: '5' },
        },
      ],
    },
  },
};
