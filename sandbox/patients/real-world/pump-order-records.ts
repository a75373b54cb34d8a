import type { FixturePatient } from '../fixture.js';
import { codeable, coding } from './coding-styles.js';
import { frRecord, pumpCard, record, rwDevice, rwDeviceRequest, STANDARD_EVIDENCE, usRecord } from './pump-builders.js';

/*
 * A pump ordered as a device (DeviceRequest): a patient whose pump is on its way, or was
 * delivered, may not get the card; an order for another device, or one cancelled, says nothing.
 * Each is the default positive of its style with the device records added.
 */

const PUMP_SNOMED = codeable([coding('snomed', '69805005', 'Insulin pump, device')], 'Insulin pump');

const usPumpOrdered = record({
  id: 'rw-us-devicerequest-insulin-pump',
  title: 'An active DME order for an insulin pump (SNOMED 69805005), MDI still running: pump unknown, no card',
  rule: 'pump ordered',
  style: 'us',
  case: 'unknown',
  resources: (ctx) =>
    usRecord(
      ctx,
      { given: ['Curtis'], family: 'Example-Dme', gender: 'male', age: 54, daysSinceBirthday: 100 },
      {
        extra: [
          rwDeviceRequest(ctx, 'pump-order', {
            status: 'active',
            code: PUMP_SNOMED,
            authoredDaysAgo: 12,
            note: 'Tandem t:slim X2, pending insurance approval',
          }),
        ],
      },
    ),
  pump: null,
});

const frPompePrescrite = record({
  id: 'rw-fr-pompe-prescrite-lpp',
  title: 'Pompe Omnipod 5 prescrite (DeviceRequest active, libellé seul), toujours sous multi-injections: inconnu',
  rule: 'pump ordered',
  style: 'fr',
  case: 'unknown',
  resources: (ctx) =>
    frRecord(
      ctx,
      { given: ['Sylvie'], family: 'Prescription-Exemple', gender: 'female', age: 59, daysSinceBirthday: 230 },
      {
        extra: [
          rwDeviceRequest(ctx, 'pompe-prescrite', {
            status: 'active',
            code: codeable([coding('local', 'DM-POMPE-01')], 'Pompe à insuline patch Omnipod 5'),
            authoredDaysAgo: 20,
          }),
        ],
      },
    ),
  pump: null,
});

const usPumpOrderRevoked = record({
  id: 'rw-us-devicerequest-pump-revoked',
  title: 'An insulin pump order revoked (insurance denied), still on MDI: the order says nothing, card fires',
  rule: 'pump ordered',
  style: 'us',
  case: 'fires',
  resources: (ctx) =>
    usRecord(
      ctx,
      { given: ['Melvin'], family: 'Example-Denied', gender: 'male', age: 61, daysSinceBirthday: 5 },
      {
        extra: [
          rwDeviceRequest(ctx, 'pump-order', {
            status: 'revoked',
            code: PUMP_SNOMED,
            authoredDaysAgo: 200,
            note: 'Cancelled: prior authorization denied',
          }),
        ],
      },
    ),
  pump: pumpCard('rw-us-devicerequest-pump-revoked', 9.1, STANDARD_EVIDENCE),
});

const frCapteurPrescrit = record({
  id: 'rw-fr-capteur-libre-prescrit',
  title: 'Capteur FreeStyle Libre 2 prescrit (DeviceRequest active): un capteur n’est pas une pompe, carte',
  rule: 'pump ordered',
  style: 'fr',
  case: 'fires',
  resources: (ctx) =>
    frRecord(
      ctx,
      { given: ['Pierre'], family: 'Capteur-Exemple', gender: 'male', age: 63, daysSinceBirthday: 300 },
      {
        extra: [
          rwDeviceRequest(ctx, 'capteur-prescrit', {
            status: 'active',
            code: codeable([coding('local', 'DM-CGM-02')], 'Capteur FreeStyle Libre 2'),
            authoredDaysAgo: 40,
          }),
        ],
      },
    ),
  pump: pumpCard('rw-fr-capteur-libre-prescrit', 8.7, STANDARD_EVIDENCE),
});

const usPumpDelivered = record({
  id: 'rw-us-devicerequest-completed-pump-in-use',
  title: 'Pump order completed and the MiniMed 780G active on the device list: on a pump, no card',
  rule: 'pump ordered',
  style: 'us',
  case: 'does-not-fire',
  resources: (ctx) =>
    usRecord(
      ctx,
      { given: ['Jerome'], family: 'Example-Delivered', gender: 'male', age: 58, daysSinceBirthday: 77 },
      {
        extra: [
          rwDevice(ctx, 'pump', { status: 'active', name: 'MiniMed 780G', manufacturer: 'Medtronic' }),
          rwDeviceRequest(ctx, 'pump-order', {
            status: 'completed',
            device: { reference: `Device/${ctx.patientId}-pump` },
            authoredDaysAgo: 90,
          }),
        ],
      },
    ),
  pump: null,
});

const frPompeLivree = record({
  id: 'rw-fr-pompe-livree-en-service',
  title: 'Pompe YpsoPump livrée (DeviceRequest terminée) et en service (Device actif): sous pompe, pas de carte',
  rule: 'pump ordered',
  style: 'fr',
  case: 'does-not-fire',
  resources: (ctx) =>
    frRecord(
      ctx,
      { given: ['Annick'], family: 'Livraison-Exemple', gender: 'female', age: 66, daysSinceBirthday: 15 },
      {
        extra: [
          rwDevice(ctx, 'pompe', { status: 'active', name: 'Pompe à insuline YpsoPump' }),
          rwDeviceRequest(ctx, 'pompe-prescrite', {
            status: 'completed',
            code: codeable([coding('local', 'DM-POMPE-03')], 'Pompe à insuline YpsoPump'),
            authoredDaysAgo: 150,
          }),
        ],
      },
    ),
  pump: null,
});

export const PUMP_ORDER_RECORDS: readonly FixturePatient[] = [
  usPumpOrdered,
  frPompePrescrite,
  usPumpOrderRevoked,
  frCapteurPrescrit,
  usPumpDelivered,
  frPompeLivree,
];
