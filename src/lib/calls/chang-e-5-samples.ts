import { callDefinitionSchema, type CallDefinition, type CallDefinitionInput } from "./definition";

// The form of a Chang'e-5 lunar sample request, as the second international round is seeded for staff to complete:
// the applicant and team, the samples asked for (by how they were collected and prepared, as the samples are
// classified), the research plan, the laboratory and the handling and curation plan. How much of each category the
// round lends is not published, so it declares no pools: staff add them, with their capacities, when it is.

const MIB = 1024 * 1024;

const changE5Samples: CallDefinitionInput = {
  pools: [],
  eligibility: [],
  rubric: {
    criteria: [
      {
        key: "scientificMerit",
        label: { en: "Scientific merit", zh: "科学价值" },
        help: { en: "What the research would add to lunar and planetary science.", zh: "研究对月球与行星科学的贡献。" },
        weight: 1,
      },
      {
        key: "samplesJustified",
        label: { en: "Samples justified", zh: "样品需求合理性" },
        help: { en: "Whether the kind and amount of samples asked for are what the research needs.", zh: "所申请样品的类型和数量是否与研究需要相符。" },
        weight: 1,
      },
      {
        key: "curation",
        label: { en: "Laboratory, handling and curation", zh: "实验室、处理与保管" },
        help: { en: "Whether the laboratory can analyse the samples and keep them safe.", zh: "实验室是否具备分析样品并妥善保管的能力。" },
        weight: 1,
      },
    ],
    scale: { min: 1, max: 5 },
    instructions: { en: "1 is weak, 3 is sound, 5 is excellent.", zh: "1分为较弱，3分为合格，5分为优秀。" },
  },
  stages: [
    {
      key: "sample-request",
      form: {
        pages: [
          {
            key: "applicant",
            title: { en: "Applicant and team", zh: "申请人与团队" },
            questions: [
              { key: "institutionName", type: "shortText", label: { en: "Institution", zh: "机构名称" }, required: true, minLength: 2, maxLength: 200 },
              { key: "country", type: "country", label: { en: "Country or region", zh: "国家或地区" }, required: true },
              { key: "principalInvestigator", type: "shortText", label: { en: "Principal investigator", zh: "项目负责人" }, required: true, minLength: 2, maxLength: 120 },
              { key: "contactEmail", type: "email", label: { en: "Contact email", zh: "联系邮箱" }, required: true },
              {
                key: "team",
                type: "group",
                label: { en: "Research team", zh: "研究团队" },
                help: { en: "The researchers who will work on the samples.", zh: "参与样品研究的人员。" },
                required: false,
                maxItems: 20,
                questions: [
                  { key: "name", type: "shortText", label: { en: "Name", zh: "姓名" }, required: true, minLength: 2, maxLength: 120 },
                  { key: "role", type: "shortText", label: { en: "Role in the research", zh: "研究分工" }, required: true, maxLength: 200 },
                  { key: "institution", type: "shortText", label: { en: "Institution", zh: "所在机构" }, required: false, maxLength: 200 },
                ],
              },
            ],
          },
          {
            key: "samples",
            title: { en: "Samples requested", zh: "申请样品" },
            questions: [
              {
                key: "requests",
                type: "group",
                label: { en: "Samples", zh: "样品" },
                help: {
                  en: "Samples are classified by how they were collected and how they are prepared. Thin sections and rock fragments are lent as whole units.",
                  zh: "样品按采集方式和制备形式分类。薄片和岩屑以整件形式借用。",
                },
                required: true,
                minItems: 1,
                maxItems: 10,
                questions: [
                  {
                    key: "collection",
                    type: "singleChoice",
                    label: { en: "Collected by", zh: "采集方式" },
                    required: true,
                    options: [
                      { value: "SCOOP", label: { en: "Scoop", zh: "表取" } },
                      { value: "DRILL", label: { en: "Drill", zh: "钻取" } },
                    ],
                  },
                  {
                    key: "preparation",
                    type: "singleChoice",
                    label: { en: "Prepared as", zh: "制备形式" },
                    required: true,
                    options: [
                      { value: "THIN_SECTION", label: { en: "Thin section", zh: "薄片" } },
                      { value: "ROCK_FRAGMENT", label: { en: "Rock fragment", zh: "岩屑" } },
                      { value: "POWDER", label: { en: "Powder", zh: "粉末" } },
                    ],
                  },
                  {
                    key: "grams",
                    type: "number",
                    label: { en: "Mass", zh: "质量" },
                    unit: { en: "g", zh: "克" },
                    required: true,
                    positive: true,
                    step: 0.001,
                    showIf: { question: "preparation", equals: "POWDER" },
                  },
                  {
                    key: "units",
                    type: "number",
                    label: { en: "Number of units", zh: "件数" },
                    required: true,
                    integer: true,
                    min: 1,
                    max: 100,
                    showIf: { question: "preparation", notEquals: "POWDER" },
                  },
                  { key: "purpose", type: "longText", label: { en: "What these samples are for", zh: "样品用途" }, required: true, limit: { unit: "words", max: 200 } },
                ],
              },
            ],
          },
          {
            key: "research",
            title: { en: "Research plan and laboratory", zh: "研究计划与实验室" },
            questions: [
              { key: "researchPlan", type: "longText", label: { en: "Research plan", zh: "研究计划" }, required: true, limit: { unit: "words", max: 1500 }, min: 50 },
              {
                key: "laboratory",
                type: "longText",
                label: { en: "Laboratory capabilities", zh: "实验室条件" },
                help: { en: "Instruments, clean facilities and experience with extraterrestrial samples.", zh: "仪器设备、洁净设施以及地外样品研究经验。" },
                required: true,
                limit: { unit: "words", max: 800 },
              },
              {
                key: "curationPlan",
                type: "longText",
                label: { en: "Handling and curation plan", zh: "样品处理与保管计划" },
                help: { en: "How the samples will be stored, handled, tracked and returned.", zh: "样品的存放、处理、追踪与归还方式。" },
                required: true,
                limit: { unit: "words", max: 800 },
              },
            ],
          },
          {
            key: "documents",
            title: { en: "Documents", zh: "附件" },
            questions: [
              {
                key: "supportingDocument",
                type: "attachment",
                label: { en: "Supporting document", zh: "证明材料" },
                help: { en: "Optional: a PDF supporting the request, such as a letter from your institution.", zh: "可选：支持本申请的PDF文件，例如所在机构的函件。" },
                required: false,
                attachmentKind: "SUPPORTING_DOCUMENT",
                maxBytes: 10 * MIB,
                maxFiles: 3,
              },
            ],
          },
        ],
      },
    },
  ],
};

/** Parsed once: a definition the meta-schema refuses fails where it is loaded, not in front of an applicant. */
export const changE5SamplesDefinition: CallDefinition = callDefinitionSchema.parse(changE5Samples);
