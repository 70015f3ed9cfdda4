import * as z from 'zod';

/**
 * Reference data shared by every area of the catalog: Morocco's twelve regions (2015 division),
 * the training modules, money and ids. Titles come from the program's announcement (docs/program.md).
 */

export const REGIONS = [
  { code: 'TTA', fr: 'Tanger-Tétouan-Al Hoceïma', ar: 'طنجة-تطوان-الحسيمة', seat: 'Tanger', provinces: 8 },
  { code: 'ORI', fr: "L'Oriental", ar: 'الشرق', seat: 'Oujda', provinces: 8 },
  { code: 'FM', fr: 'Fès-Meknès', ar: 'فاس-مكناس', seat: 'Fès', provinces: 9 },
  { code: 'RSK', fr: 'Rabat-Salé-Kénitra', ar: 'الرباط-سلا-القنيطرة', seat: 'Rabat', provinces: 7 },
  { code: 'BMK', fr: 'Béni Mellal-Khénifra', ar: 'بني ملال-خنيفرة', seat: 'Béni Mellal', provinces: 5 },
  { code: 'CS', fr: 'Casablanca-Settat', ar: 'الدار البيضاء-سطات', seat: 'Casablanca', provinces: 9 },
  { code: 'MS', fr: 'Marrakech-Safi', ar: 'مراكش-آسفي', seat: 'Marrakech', provinces: 8 },
  { code: 'DT', fr: 'Drâa-Tafilalet', ar: 'درعة-تافيلالت', seat: 'Errachidia', provinces: 5 },
  { code: 'SM', fr: 'Souss-Massa', ar: 'سوس-ماسة', seat: 'Agadir', provinces: 6 },
  { code: 'GON', fr: 'Guelmim-Oued Noun', ar: 'كلميم-واد نون', seat: 'Guelmim', provinces: 4 },
  {
    code: 'LSH',
    fr: 'Laâyoune-Sakia El Hamra',
    ar: 'العيون-الساقية الحمراء',
    seat: 'Laâyoune',
    provinces: 4,
  },
  { code: 'DOD', fr: 'Dakhla-Oued Ed-Dahab', ar: 'الداخلة-وادي الذهب', seat: 'Dakhla', provinces: 2 },
] as const;

export const RegionCode = z.enum([
  'TTA',
  'ORI',
  'FM',
  'RSK',
  'BMK',
  'CS',
  'MS',
  'DT',
  'SM',
  'GON',
  'LSH',
  'DOD',
]);
export type RegionCode = z.infer<typeof RegionCode>;

/** Axis 1: the eight modules every beneficiary member takes, in the announcement's order. */
export const TRAINING_MODULES = [
  { code: 'M1', fr: 'Cadre juridique des associations', ar: 'المنظومة القانونية للجمعيات' },
  { code: 'M2', fr: 'Gestion administrative et financière', ar: 'التسيير الإداري والمالي' },
  { code: 'M3', fr: 'Planification stratégique', ar: 'التخطيط الاستراتيجي' },
  {
    code: 'M4',
    fr: 'Conception de projets, suivi de leur mise en œuvre et évaluation',
    ar: 'تقنيات إعداد المشاريع وتتبع تنفيذها وتقييمها',
  },
  {
    code: 'M5',
    fr: 'Construction de partenariats et mobilisation des ressources',
    ar: 'بناء الشراكات وتعبئة الموارد',
  },
  { code: 'M6', fr: 'Réseautage associatif', ar: 'التشبيك الجمعوي' },
  { code: 'M7', fr: 'Communication associative', ar: 'التواصل الجمعوي' },
  { code: 'M8', fr: 'Techniques de plaidoyer', ar: 'تقنيات الترافع الجمعوي' },
] as const;
export const ModuleCode = z.enum(['M1', 'M2', 'M3', 'M4', 'M5', 'M6', 'M7', 'M8']);
export type ModuleCode = z.infer<typeof ModuleCode>;

/** Axis 2: the three further modules of the training of trainers. */
export const TRAINER_MODULES = [
  { code: 'T1', fr: 'Andragogie (éducation des adultes)', ar: 'تعليم الكبار (Andragogie)' },
  { code: 'T2', fr: "Techniques d'animation", ar: 'تقنيات التنشيط' },
  { code: 'T3', fr: 'Techniques de communication', ar: 'تقنيات التواصل' },
] as const;
export const TrainerModuleCode = z.enum(['T1', 'T2', 'T3']);
export type TrainerModuleCode = z.infer<typeof TrainerModuleCode>;

/** An opaque identifier (of a rollout, an association, a member, a call…): never a person's name. */
export const Id = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]*$/, 'letters, digits and . _ : - only');

/** Money: an integer number of centimes of Moroccan dirhams (1 MAD = 100 centimes). */
export const Centimes = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

/** Text a person reads, in both first-class languages. */
export const Bilingual = z.strictObject({ fr: z.string().min(1).max(500), ar: z.string().min(1).max(500) });

/** A calendar day (YYYY-MM-DD), for deadlines and windows expressed in days. */
export const Day = z.iso.date();
