import { describe, expect, it } from 'vitest';
import { detectLanguage } from '../../src/normalise/language.js';

describe('detectLanguage', () => {
  const samples: Array<[string, string]> = [
    ['en', 'The government said on Monday that the new rules would take effect after the summer, and critics were not convinced.'],
    ['ru', 'Правительство заявило в понедельник, что новые правила вступят в силу после лета, но критики сомневаются.'],
    ['uk', 'Уряд заявив у понеділок, що нові правила набудуть чинності після літа, але критики не переконані.'],
    ['de', 'Die Regierung hat am Montag erklärt, dass die neuen Regeln nach dem Sommer in Kraft treten werden, aber Kritiker sind nicht überzeugt.'],
    ['fr', 'Le gouvernement a déclaré lundi que les nouvelles règles entreront en vigueur après l’été, mais les critiques ne sont pas convaincus.'],
    ['es', 'El Gobierno dijo el lunes que las nuevas normas entrarán en vigor después del verano, pero los críticos no están convencidos.'],
    ['it', 'Il governo ha detto lunedì che le nuove regole entreranno in vigore dopo l’estate, ma i critici non sono convinti.'],
    ['pt', 'O governo disse na segunda-feira que as novas regras entram em vigor depois do verão, mas os críticos não estão convencidos.'],
    ['nl', 'De regering zei maandag dat de nieuwe regels na de zomer ingaan, maar critici zijn niet overtuigd.'],
    ['tr', 'Hükümet pazartesi günü yeni kuralların yazdan sonra yürürlüğe gireceğini açıkladı, ancak eleştirmenler bu konuda ikna olmuş değil.'],
    ['id', 'Pemerintah mengatakan pada hari Senin bahwa aturan baru akan berlaku setelah musim panas, tetapi para kritikus tidak yakin dengan itu.'],
    ['ja', '政府は月曜日、新しい規則が夏の後に施行されると発表したが、批判的な人々は納得していない。'],
    ['zh', '政府周一表示，新规定将在夏季之后生效，但批评者并不信服。'],
    ['ko', '정부는 월요일 새 규칙이 여름 이후에 시행될 것이라고 밝혔지만 비판자들은 납득하지 않았다.'],
    ['ar', 'قالت الحكومة يوم الاثنين إن القواعد الجديدة ستدخل حيز التنفيذ بعد الصيف، لكن المنتقدين غير مقتنعين.'],
    ['ur', 'حکومت نے پیر کے روز کہا کہ نئے قواعد گرمیوں کے بعد نافذ ہوں گے، لیکن ناقدین مطمئن نہیں ہیں۔'],
    ['hi', 'सरकार ने सोमवार को कहा कि नए नियम गर्मियों के बाद लागू होंगे, लेकिन आलोचक संतुष्ट नहीं हैं।'],
  ];
  for (const [language, text] of samples) {
    it(`recognises ${language}`, () => {
      expect(detectLanguage(text)).toBe(language);
    });
  }

  it('returns null for too little text, bare links and numbers', () => {
    expect(detectLanguage('')).toBeNull();
    expect(detectLanguage('Hi')).toBeNull();
    expect(detectLanguage('https://example.org/a/very/long/path/indeed 2026-11-28')).toBeNull();
  });

  it('reads HTML as text, ignoring markup and URLs', () => {
    expect(detectLanguage('<p>Die <a href="https://example.org/the-and-of">Regierung</a> hat erklärt, dass die Regeln nicht gelten.</p>')).toBe('de');
  });
});
