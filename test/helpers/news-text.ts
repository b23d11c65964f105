/**
 * Deterministic news-like text for the duplicate index at scale: stories built from stock phrases,
 * a few hundred places, people and organisations, verbs and figures, so that distinct stories share
 * wording the way a day's news does (not random word soup, which no index finds hard).
 */
const PLACES = words(
  'Lagos Lima Oslo Quito Accra Hanoi Perth Leeds Turin Lyon Kyiv Riga Baku Dakar Cairo Doha Seoul Osaka Nagpur Pune Cebu Davao Fresno Tulsa Omaha Boise Tampa Dayton Akron Reno Malmo Aarhus Ghent Porto Braga Bilbao Malaga Graz Linz Brno Split Varna Izmir Bursa Tabriz Basra Mosul Sfax Oran Fez Kano Jos Enugu Gulu Mbale Kisumu Arusha Mwanza Ndola Beira Durban Pretoria Cusco Arequipa Rosario Salta Cali Medellin Recife Belem Manaus Natal Cordoba Merida Puebla Leon Tijuana Halifax Regina Calgary Hobart Darwin Cairns Napier Nelson Suva Apia',
);
const REGIONS = words('Northern Southern Eastern Western Central Coastal Upper Lower Greater Inner');
const FIRST = words('Ana Ben Carla Dev Elena Femi Gita Hugo Ines Jonas Kemi Luis Mara Nikos Olga Pedro Rosa Sami Tanya Umar Vera Wen Yusuf Zara Amir Bea Chidi Dora Emil Faye');
const LAST = words('Okafor Silva Novak Haddad Larsen Moreau Tanaka Petrov Mensah Quispe Kowalski Ibrahim Fischer Rossi Nguyen Osei Castillo Dubois Yilmaz Sato Kariuki Banda Lindqvist Costa Meyer Alvarez Bakker Popescu Sharma Ito');
const ORGS = words(
  'Ministry-of-Health Port-Authority Water-Board Teachers-Union Rail-Operator Power-Company Election-Commission Farmers-Association Central-Bank Chamber-of-Commerce Police-Service Fire-Brigade Red-Cross Transport-Agency Housing-Trust Supreme-Court City-Council Environment-Agency Airport-Operator Medical-Council',
).map((org) => org.replace(/-/g, ' '));
const TOPICS = words('budget strike flood fire election vaccine bridge tariff drought merger protest outbreak landslide pipeline lawsuit reform shortage heatwave festival recall');
const VERBS = words('announced approved rejected delayed suspended expanded cancelled confirmed reviewed extended postponed opened closed blocked backed');
const NOUNS = words('plan project contract programme deal inquiry scheme policy proposal investment order ban subsidy tender law');
const DAYS = words('Monday Tuesday Wednesday Thursday Friday Saturday Sunday');
const STOCK = [
  'officials said on {day}',
  'according to a statement released late on {day}',
  'the {org} said in a statement',
  'residents told reporters',
  'it was not immediately clear when the work would resume',
  'the decision drew criticism from opposition lawmakers',
  'more details are expected later this week',
  'the figures were published by the {org}',
];
const SENTENCES = [
  '{Org} in {place} {verb} a {num} million {noun} on {day} after weeks of talks over the {topic}.',
  '{person}, who heads the {org} in {place}, said the {topic} had affected about {num} households, {stock}.',
  'The {noun} covers {num} kilometres of road and {num2} schools across the {region} district of {place}.',
  'Critics including {person} argued that the {noun} ignored the {topic} that hit {place} in {year}.',
  'About {num} people gathered outside the offices of the {org} in {place}, {stock}.',
  'The {org} {verb} the {noun}, saying the cost had risen to {num} million from {num2} million.',
  '{person} said the {topic} was the worst in {place} since {year} and urged calm.',
  'In {place}, {num} workers joined the {topic} and {num2} flights were {verb}, {stock}.',
  'Local media reported that {person} had {verb} a second {noun} worth {num} million.',
  'A spokesperson for the {org} declined to comment on the {topic} in {place}.',
];
const TITLES = [
  '{Place} {org} {verb} {num} million {noun}',
  '{topicCap} hits {place} as {org} {verb} {noun}',
  '{person} says {place} {topic} worst since {year}',
  '{num} families affected by {topic} in {region} {place}',
  '{Org} {verb} {noun} after {place} {topic}',
];

function words(list: string): string[] {
  return list.split(' ');
}

export interface NewsStory {
  title: string;
  html: string;
}

/** Story `seed` (any integer): the same seed gives the same story. */
export function newsStory(seed: number): NewsStory {
  let state = (seed * 2654435761 + 97) >>> 0;
  const next = () => {
    state = (Math.imul(state ^ (state >>> 15), 2246822519) + 3266489917) >>> 0;
    state ^= state >>> 13;
    return state >>> 0;
  };
  const pick = <T>(list: T[]) => list[next() % list.length];
  // One story keeps its place, person, organisation and topic throughout, as a report does.
  const place = pick(PLACES);
  const person = `${pick(FIRST)} ${pick(LAST)}`;
  const org = pick(ORGS);
  const topic = pick(TOPICS);
  const fill = (template: string) =>
    template.replace(/\{(\w+)\}/g, (_, slot: string) => {
      switch (slot) {
        case 'place':
        case 'Place':
          return next() % 4 === 0 ? pick(PLACES) : place;
        case 'person':
          return next() % 4 === 0 ? `${pick(FIRST)} ${pick(LAST)}` : person;
        case 'org':
          return org;
        case 'Org':
          return `The ${org}`;
        case 'topic':
          return topic;
        case 'topicCap':
          return topic[0].toUpperCase() + topic.slice(1);
        case 'verb':
          return pick(VERBS);
        case 'noun':
          return pick(NOUNS);
        case 'day':
          return pick(DAYS);
        case 'region':
          return pick(REGIONS);
        case 'num':
          return String(2 + (next() % 9_000));
        case 'num2':
          return String(2 + (next() % 400));
        case 'year':
          return String(1950 + (next() % 75));
        case 'stock':
          return fill(pick(STOCK));
        default:
          return slot;
      }
    });
  const paragraphs: string[] = [];
  const count = 2 + (next() % 4);
  for (let p = 0; p < count; p++) {
    const sentences: string[] = [];
    const length = 1 + (next() % 3);
    for (let s = 0; s < length; s++) sentences.push(fill(pick(SENTENCES)));
    paragraphs.push(`<p>${sentences.join(' ')}</p>`);
  }
  return { title: fill(pick(TITLES)), html: paragraphs.join('') };
}
