// Country rules every shipping or address API checks before a call is sent.
// The sets are built in pure calls: a bundle that never checks a country drops them.

/** ISO 3166-1 alpha-2 codes (officially assigned). */
const ISO_ALPHA2 =
  'AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ ' +
  'CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR ' +
  'GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP ' +
  'KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT ' +
  'MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW ' +
  'SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG ' +
  'UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW';

const COUNTRIES: ReadonlySet<string> = /* @__PURE__ */ new Set(
  /* @__PURE__ */ ISO_ALPHA2.split(' '),
);

/**
 * Countries without a national postal code system (or where it is not used for
 * delivery). Everywhere else a postal code is required before a call is sent.
 */
const NO_POSTAL_CODE: ReadonlySet<string> = /* @__PURE__ */ new Set(
  /* @__PURE__ */ (
    'AE AG AN AO AW BF BI BJ BO BQ BS BW BZ CD CF CG CI CK CM CW DJ DM ER FJ GA GD GH GM GQ GY HK HM IE JM KI ' +
    'KM KN KP LC ML MO MR MW NR NU QA RW SB SC SL SO SR ST SX SY TD TF TG TK TL TO TV UG VU YE ZW'
  ).split(' '),
);

/** True for an officially assigned ISO 3166-1 alpha-2 code (upper case). */
export function isCountryCode(value: unknown): value is string {
  return typeof value === 'string' && COUNTRIES.has(value);
}

/** True where the country uses postal codes, so a carrier needs one. */
export function usesPostalCode(countryCode: string): boolean {
  return !NO_POSTAL_CODE.has(countryCode);
}
