import type { RegionCode } from '../../events/reference.js';

/**
 * The prefectures and provinces of each region (2015 division, 75 in all), as reference data the
 * application layer passes to deciders as facts. Fès-Meknès's nine come from program.md; the
 * others are public administrative facts, to check against the official list before relying on
 * them (their spelling is what requests must use).
 */
export const REGION_PROVINCES: Readonly<Record<RegionCode, readonly string[]>> = {
  TTA: [
    'Tanger-Assilah',
    "M'diq-Fnideq",
    'Tétouan',
    'Fahs-Anjra',
    'Larache',
    'Al Hoceïma',
    'Chefchaouen',
    'Ouezzane',
  ],
  ORI: ['Oujda-Angad', 'Nador', 'Driouch', 'Jerada', 'Berkane', 'Taourirt', 'Guercif', 'Figuig'],
  FM: ['Fès', 'Meknès', 'El Hajeb', 'Ifrane', 'Moulay Yacoub', 'Sefrou', 'Boulemane', 'Taounate', 'Taza'],
  RSK: ['Rabat', 'Salé', 'Skhirate-Témara', 'Kénitra', 'Khémisset', 'Sidi Kacem', 'Sidi Slimane'],
  BMK: ['Béni Mellal', 'Azilal', 'Fquih Ben Salah', 'Khénifra', 'Khouribga'],
  CS: [
    'Casablanca',
    'Mohammédia',
    'El Jadida',
    'Nouaceur',
    'Médiouna',
    'Benslimane',
    'Berrechid',
    'Settat',
    'Sidi Bennour',
  ],
  MS: [
    'Marrakech',
    'Chichaoua',
    'Al Haouz',
    'El Kelâa des Sraghna',
    'Essaouira',
    'Rehamna',
    'Safi',
    'Youssoufia',
  ],
  DT: ['Errachidia', 'Ouarzazate', 'Midelt', 'Tinghir', 'Zagora'],
  SM: ['Agadir Ida-Outanane', 'Inezgane-Aït Melloul', 'Chtouka-Aït Baha', 'Taroudant', 'Tiznit', 'Tata'],
  GON: ['Guelmim', 'Assa-Zag', 'Tan-Tan', 'Sidi Ifni'],
  LSH: ['Laâyoune', 'Boujdour', 'Tarfaya', 'Es-Semara'],
  DOD: ['Oued Ed-Dahab', 'Aousserd'],
};
