"""Local suppliers, legal forms, unit names and words of ten foreign ledgers (probe round s29).

What a CIO with a German, French, Spanish, Italian, Polish, Japanese, Korean, Australian or NHS
ledger relies on: the well-known local technology suppliers are in the catalog under their
registered names (さくらインターネット株式会社, (주)가비아, Aytos Soluciones Informáticas SLU),
Japanese and Korean legal forms in any of their spellings are not part of the supplier (half-width
bank names ｶ)ｻｸﾗｲﾝﾀｰﾈｯﾄ included), the IT unit is recognised in its own language ('Área de
Nuevas Tecnologías', 情報政策課, 전산팀), customer-facing units in Japanese and Korean give the
SoE layer, and description words of those languages decide where no supplier is known. Before:
the probe's Korean ledger had recall 0.49, the Japanese 0.73; 'Área de Nuevas Tecnologías' was
not IT; a mixed vendor's gift card or copy paper was technology.
"""

from __future__ import annotations

import pytest

import workspace
from db import Store
from models.classification import refresh
from models.context_catalog import expand_phrases
from models.it_vocabulary import default_flags
from models.normalise import vendor_key

from classify_helpers import add_lines

SUPPLIERS = [   # (raw vendor, canonical, layer)
    ("さくらインターネット株式会社", "Sakura Internet", "SoR"),
    ("ｻｸﾗｲﾝﾀｰﾈｯﾄ(ｶ", "Sakura Internet", "SoR"),
    ("GMOペパボ株式会社", "GMO Pepabo", "SoR"),
    ("アップルジャパン合同会社", "Apple", "SoR"),
    ("株式会社セールスフォース・ジャパン", "Salesforce", "SoE"),
    ("(주)가비아", "Gabia", "SoR"),
    ("㈜한글과컴퓨터", "Hancom", "SoR"),
    ("주식회사 안랩", "AhnLab", "SoR"),
    ("1&1 Versatel Deutschland GmbH", "1&1 Versatel", "SoR"),
    ("CAS Software AG", "CAS Software", "SoE"),
    ("DECALOG SAS", "Decalog", "SoR"),
    ("SEGILOG", "Segilog", "SoR"),
    ("XEFI Lyon", "XEFI", "SoR"),
    ("AXIANS COMMUNICATION & SYSTEMS", "Axians", "SoR"),
    ("Aytos Soluciones Informaticas SLU", "Aytos", "SoR"),
    ("Espublico Servicios para la Administracion SA", "esPublico", "SoR"),
    ("Dinahosting SL", "Dinahosting", "SoR"),
    ("Halley Informatica Srl", "Halley Informatica", "SoR"),
    ("PA Digitale S.p.A.", "PA Digitale", "SoR"),
    ("Namirial S.p.A.", "Namirial", "SoR"),
    ("InfoCert S.p.A.", "InfoCert", "SoR"),
    ("Netia S.A.", "Netia", "SoR"),
    ("home.pl S.A.", "home.pl", "SoR"),
    ("Dicker Data Ltd", "Dicker Data", "SoR"),
    ("Vocus Communications Pty Ltd", "Vocus", "SoR"),
    ("RLDatix Ltd", "RLDatix", "SoR"),
    ("Allocate Software Ltd", "Allocate Software", "SoR"),
    ("DrDoctor (ICNH Ltd)", "DrDoctor", "SoE"),       # the legal entity in brackets
    ("Accurx Ltd", "Accurx", "SoE"),                  # patient messaging engages patients
]

LINES = [   # (vendor, description, department, account, is_tech)
    ("(주)카카오", "카카오 선물하기 직원 선물", "인사팀", "복리후생비", False),   # mixed vendor: a gift
    ("株式会社大塚商会", "コピー用紙 文具", "総務部", "消耗品費", False),        # mixed: stationery
    ("株式会社大塚商会", "複合機 リース料", "総務部", "賃借料", True),
    ("日本郵便株式会社", "切手 郵送料", "総務部", "通信費", False),             # 通信費 holds postage
    ("Hiscox SA", "Cyber-Versicherung Praemie", "Finanzen", "Versicherungen", False),
    ("Maggioli S.p.A.", "Abbonamento rivista Comuni d'Italia", "Segreteria", "Abbonamenti", False),
    ("(주)한국호스팅", "도메인 호스팅 연장", "총무팀", "지급수수료", True),
    ("(주)오피스랜드", "노트북 구매", "총무팀", "비품", True),
    ("Hurtownia Nowak", "Łącze światłowodowe biuro", "Administracja", "Usługi", True),
    ("Societe Dupont", "Maintenance autocommutateur", "Services techniques", "Entretien", True),
]

LAYERS = [   # (vendor, description, department, expected layer): purpose words and units
    ("Acme Sistemas SL", "Mantenimiento software sede electronica", "Secretaria", "SoE"),
    ("Acme Informatique", "TMA portail citoyen", "Finances", "SoE"),
    ("Acme Informatica Srl", "Hosting sito istituzionale", "Ragioneria", "SoE"),
    ("(주)한국호스팅", "홈페이지 호스팅", "총무팀", "SoE"),
    ("KDDI株式会社", "法人携帯", "営業部", "SoE"),
    ("KDDI株式会社", "法人携帯", "マーケティング部", "SoE"),
    ("KDDI株式会社", "法人携帯", "総務部", "SoR"),
    ("(주)엘지유플러스", "휴대폰 요금", "영업팀", "SoE"),
    ("(주)엘지유플러스", "휴대폰 요금", "고객지원팀", "SoE"),
    ("(주)엘지유플러스", "휴대폰 요금", "경영지원팀", "SoR"),
]


@pytest.fixture(scope="module")
def classified():
    store = Store(":memory:")
    add_lines(store, [{"vendor": v, "department": "Finance"} for v, _, _ in SUPPLIERS]
              + [{"vendor": v, "description": d, "department": u, "account_name": a}
                 for v, d, u, a, _ in LINES]
              + [{"vendor": v, "description": d, "department": u} for v, d, u, _ in LAYERS])
    refresh(store)
    df = store.df("SELECT source_row, vendor_canonical, is_tech, layer, reason FROM classified_lines")
    yield {int(r.source_row): r for r in df.itertuples()}
    store.close()


@pytest.mark.parametrize("i", range(len(SUPPLIERS)), ids=[s[0] for s in SUPPLIERS])
def test_well_known_local_suppliers_are_in_the_catalog(classified, i):
    raw, canonical, layer = SUPPLIERS[i]
    line = classified[2 + i]
    assert line.vendor_canonical == canonical and line.is_tech, line.reason
    assert line.layer == layer, line.reason


@pytest.mark.parametrize("i", range(len(LINES)), ids=[f"{v} {d}" for v, d, *_ in LINES])
def test_local_words_and_accounts_decide_where_the_supplier_does_not(classified, i):
    line = classified[2 + len(SUPPLIERS) + i]
    assert bool(line.is_tech) is LINES[i][4], line.reason


@pytest.mark.parametrize("i", range(len(LAYERS)), ids=[f"{d} {u}" for _, d, u, _ in LAYERS])
def test_purpose_words_and_customer_facing_units_give_the_layer(classified, i):
    line = classified[2 + len(SUPPLIERS) + len(LINES) + i]
    assert line.is_tech and line.layer == LAYERS[i][3], line.reason


@pytest.mark.parametrize("raw, key", [
    ("さくらインターネット株式会社", "さくらインターネット"),
    ("株式会社 さくらインターネット", "さくらインターネット"),
    ("(同)テスト商事", vendor_key("テスト商事")),
    ("（株）テスト商事", vendor_key("テスト商事")),
    ("ｶ)ｻｸﾗｲﾝﾀｰﾈｯﾄ", "サクラインターネット"),
    ("ｻｸﾗｲﾝﾀｰﾈｯﾄ(ｶ", "サクラインターネット"),
    ("ｻｸﾗｲﾝﾀｰﾈｯﾄ ｶﾌﾞｼｷｶﾞｲｼｬ", "サクラインターネット"),
    ("ﾕ)ﾔﾏﾀﾞｼｮｳｶｲ", vendor_key("ヤマダショウカイ")),
    ("KDDI(ｶ", "KDDI"),
    ("(주)가비아", "가비아"),
    ("㈜가비아", "가비아"),
    ("주식회사 가비아", "가비아"),
    ("(유)테스트", "테스트"),
    ("유한책임회사 구글코리아", "구글코리아"),
    ("ｶ)", "カ"),                                   # a form alone is never dropped to nothing
])
def test_japanese_and_korean_legal_forms_are_not_part_of_the_supplier(raw, key):
    assert vendor_key(raw) == key
    assert vendor_key(key) == key


@pytest.mark.parametrize("unit, is_it, customer_facing", [
    ("Área de Nuevas Tecnologías", True, False),
    ("Ufficio per la transizione al digitale", True, False),
    ("Wydział Teleinformatyki", True, False),
    ("情報政策課", True, False),
    ("전산팀", True, False),
    ("정보화담당관", True, False),
    ("営業部", False, True),
    ("マーケティング部", False, True),
    ("カスタマーサポート部", False, True),
    ("広報課", False, True),
    ("영업팀", False, True),
    ("마케팅팀", False, True),
    ("고객지원팀", False, True),
    ("Ufficio Comunicazione", False, True),
    ("Participación Ciudadana", False, True),
    ("Bürgerbüro", False, True),
    ("Biuro Obsługi Mieszkańców", False, True),
    ("Dział Obsługi Klienta", False, True),
    ("総務部", False, False),
    ("경영지원팀", False, False),
    ("Servizi Scolastici", False, False),
])
def test_units_named_in_spanish_italian_japanese_korean_german_and_polish(unit, is_it, customer_facing):
    flags = default_flags(unit)
    assert (flags.is_it, flags.customer_facing) == (is_it, customer_facing)


@pytest.mark.parametrize("text", ["도메인 호스팅 연장", "복합기 렌탈료", "複合機 リース料", "コピー用紙 文具",
                                  "ホームページ 更新", "Łącze światłowodowe"])
def test_korean_and_japanese_phrases_tokenise_as_the_sql_reads_them(tmp_path, text):
    store = workspace.open_workspace(tmp_path / "tokens.duckdb")
    assert [store.scalar("SELECT keyword_tokens(?)", [text])] == expand_phrases(text)
