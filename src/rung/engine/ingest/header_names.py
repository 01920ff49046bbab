"""Header knowledge for column mapping: the names real tools write, by meaning ("concept").

A concept is what a column means independent of the table it sits in ("order_id", "price",
"stock"); `mapping` turns concepts into the canonical field of the entity the table turns
out to hold. Names are matched after normalisation (`mapping_normalise.normalise`), so
case, accents, punctuation, full-width forms and bracketed units do not matter here:
write them the way they are easiest to read.

Languages covered: EN, NL, DE, FR, ES, PT, IT, DA, SV, NO, PL, ZH, JA (see also
`LEXICON_MORE`). Entries come from the export layouts of Shopify, WooCommerce, Square,
Etsy, Stripe, PayPal, Lightspeed, SumUp, Zettle, Mollie, Odoo, ERPNext, QuickBooks, Xero,
Exact Online, Moneybird, Bol.com, Tiny, Bling, Youzan, freee, Airレジ, survey and review
tools, and the words accountants use in each language.
"""

from __future__ import annotations

# --- concepts ---------------------------------------------------------------------------
# Names are "|"-separated. A name may belong to several concepts only via AMBIGUOUS below.

LEXICON: dict[str, str] = {
    # identifiers of the document / table row
    "order_id": (
        "order|order id|order no|order number|order nr|order ref|order reference|order name|orderid|"
        "ordernummer|order nummer|bestelnummer|bestelling|bestellingsnummer|bestelnr|ordernr|"
        "orderreferentie|bestellnummer|bestell nr|auftragsnummer|auftrag|auftragsnr|"
        "n de commande|numero de commande|no de commande|commande|reference commande|"
        "numero de pedido|no de pedido|n de pedido|pedido|num pedido|id pedido|"
        "numero do pedido|n do pedido|no do pedido|codigo do pedido|numero dell ordine|"
        "ordine|n ordine|numero ordine|订单号|订单编号|订单id|订单|注文番号|注文id|受注番号|注文no|"
        "sales order|sale id|sale number|sale no|verkoopnummer|verkoop id|name of order|"
        "ordernummer bol|order #"
    ),
    "invoice_id": (
        "invoice|invoice id|invoice no|invoice number|invoice nr|invoice num|inv no|invoice ref|"
        "factuur|factuurnummer|factuurnr|factuur nummer|rechnung|rechnungsnummer|rechnungsnr|"
        "rechnungs nr|belegnummer|belegnr|facture|numero de facture|n de facture|"
        "no de facture|factura|numero de factura|n de factura|no de factura|nº factura|"
        "fatura|numero da fatura|nota fiscal|numero da nota|nf|fattura|numero fattura|"
        "numero documento|n documento|documento|document number|document no|doc no|docnum|"
        "发票号|发票号码|請求書番号|請求番号|num|transaction num|invoicenumber"
    ),
    "receipt_id": (
        "receipt|receipt no|receipt number|receipt id|receipt nr|bonnummer|bon|bonnr|kassabon|"
        "bon nummer|kassenbon|bonnummer kasse|beleg|ticket de caisse|numero de ticket|"
        "no de ticket|n de ticket|ticket|recibo|numero de recibo|n de recibo|cupom|cupom fiscal|"
        "scontrino|numero scontrino|kvittonummer|kvitto|小票号|收据号|小票编号|レシート番号|"
        "伝票番号|会計id|会計番号|取引番号|伝票no|receiptnumber|receipt #"
    ),
    "transaction_id": (
        "transaction id|transaction|transaction no|transaction number|txn id|transaction ref|"
        "transactie|transactie id|transactienummer|transaktion|transaktions id|transaktionsnummer|"
        "id de transaction|transaction numero|id de transaccion|transaccion|numero de transaccion|"
        "id da transacao|transacao|id transazione|transazione|交易号|交易单号|流水号|取引id|"
        "payment id|payment reference|betaling id|zahlungs id|charge id|reference txn id"
    ),
    "line_no": (
        "line|line no|line number|line nr|line id|line item id|lineitem id|position|pos|pos nr|"
        "regel|regelnummer|regelnr|zeile|zeilennummer|positionsnummer|ligne|numero de ligne|"
        "linea|numero de linea|linha|numero da linha|riga|numero riga|行号|明细行号|行番号|明細番号"
    ),
    "generic_id": (
        "id|no|nr|ident|identifier|number|nummer|numero|num|n|#|key|uid|unique id|record id|"
        "rec id|row id|编号|序号|号|番号|id番号|识别码|ＩＤ"
    ),
    "generic_code": (
        "code|codigo|cod|codice|cód|kode|reference|ref|référence|referencia|referência|"
        "riferimento|referentie|referenz|编码|代码|コード"
    ),
    # time
    "datetime": (
        "date|datum|fecha|data|date time|datetime|timestamp|time stamp|tijdstip|zeitpunkt|"
        "zeitstempel|horodatage|fecha y hora|data e hora|data hora|data ora|date heure|"
        "日期|日期时间|时间|日时|日時|日付|年月日|transaction date|sale date|order date|sales date|"
        "orderdatum|besteldatum|bestel datum|verkoopdatum|factuurdatum|bestelldatum|"
        "auftragsdatum|rechnungsdatum|belegdatum|verkaufsdatum|date de commande|date commande|"
        "date de vente|date de facture|fecha de pedido|fecha pedido|fecha de venta|"
        "fecha de factura|data do pedido|data da venda|data da compra|data de emissao|"
        "data emissao|data ordine|data vendita|data fattura|data documento|posting date|"
        "invoice date|receipt date|document date|doc date|date created|created date|"
        "creation date|date added|date placed|placed at|purchase date|date purchased|"
        "completed at|date completed|tx date|txn date|下单时间|下单日期|成交时间|交易时间|"
        "销售日期|订单日期|注文日|注文日時|受注日|売上日|会計日時|取引日|販売日|購入日|"
        "paid date|zeit"
    ),
    "created_at": (
        "created|created at|created on|creation time|create time|created time|aangemaakt|"
        "aangemaakt op|datum aangemaakt|erstellt|erstellt am|erstelldatum|angelegt am|"
        "cree le|date de creation|creado|fecha de creacion|criado em|data de criacao|"
        "data de cadastro|data cadastro|creato il|data creazione|创建时间|创建日期|作成日|作成日時|"
        "登録日|登録日時|customer since|klant sinds|kunde seit|client depuis|cliente desde|"
        "first order|first order date|first purchase|date joined|signup date|sign up date|"
        "registered|registration date|fecha de alta|fecha alta|data de registro|data iscrizione|"
        "inschrijfdatum|registratiedatum|registrierungsdatum|date d inscription|"
        "submitted at|submitted|submit date|submission date|received|received at|"
        "ontvangen|ontvangen op|eingegangen|recu le|recibido|recebido em|ricevuto"
    ),
    "updated_at": (
        "updated|updated at|update time|last updated|modified|last modified|gewijzigd|"
        "laatst gewijzigd|geandert|geandert am|aktualisiert|modifie le|date de modification|"
        "actualizado|fecha de actualizacion|atualizado em|aggiornato|更新时间|更新日時|更新日|"
        "最終更新日"
    ),
    "paid_at": (
        "paid at|paid on|payment date|date paid|betaaldatum|betaald op|bezahlt am|zahlungsdatum|"
        "date de paiement|fecha de pago|data de pagamento|data pagamento|付款时间|支付时间|"
        "入金日|決済日時|支払日"
    ),
    "other_date": (
        "due date|duedate|vervaldatum|faelligkeitsdatum|fälligkeitsdatum|date d echeance|"
        "fecha de vencimiento|data de vencimento|data scadenza|到期日|支払期日|"
        "date shipped|shipped at|shipped date|ship date|fulfilled at|verzenddatum|"
        "versanddatum|lieferdatum|date d expedition|fecha de envio|data de envio|"
        "发货时间|発送日|出荷日|cancelled at|canceled at|geannuleerd op|storniert am|"
        "date of birth|birth date|birthdate|birthday|dob|geboortedatum|geburtsdatum|"
        "date de naissance|fecha de nacimiento|data de nascimento|data di nascita|"
        "生日|出生日期|生年月日|valid until|geldig tot|gultig bis|next payment due at|"
        "uiterste leverdatum|expected delivery date|date sale price starts|"
        "date sale price ends|reply update time"
    ),
    "time_only": "time|tijd|uhrzeit|heure|hora|ora|时间点|時刻|time of sale|time zone|timezone",
    # parties
    "customer_id": (
        "customer id|customer no|customer number|customer nr|customer code|customer ref|"
        "customer reference|client id|client number|client code|account number|account no|"
        "klantnummer|klant nummer|klantnr|klant id|klantcode|debiteurnummer|debiteur nummer|"
        "debiteurnr|debiteur|kundennummer|kunden nr|kundennr|kunden id|kunde nr|debitor|"
        "debitorennummer|numero client|n client|code client|id client|numero de cliente|"
        "id de cliente|codigo de cliente|codigo cliente|id cliente|codigo do cliente|"
        "numero do cliente|codice cliente|id cliente|客户编号|客户id|客户号|会员号|会员编号|"
        "顧客番号|顧客id|顧客コード|会員番号|会員id|buyer id|buyer user id|member id|"
        "customerid|user id|userid|requester id|contact id|relatienummer|relatiecode|username|"
        "user name|login|gebruikersnaam|benutzername|nom d utilisateur|nombre de usuario|"
        "nome de usuario|ユーザー名|用户名"
    ),
    "customer_ref": (
        "customer|client|klant|kunde|cliente|buyer|purchaser|koper|kaeufer|käufer|acheteur|"
        "comprador|acquirente|contact|contactpersoon klant|relatie|account name|contact name|"
        "contactnaam|kontaktname|nom du contact|nombre de contacto|nome do contato|"
        "customer display name|display name customer|bill to|sold to|客户|顾客|买家|購入者|顧客|"
        "お客様|requester|requestor|solicitante|requerente|richiedente|antragsteller|aanvrager|demandeur|afzender|absender|expediteur|remitente|remetente|mittente"
    ),
    "customer_name": (
        "customer name|client name|buyer name|klantnaam|naam klant|kundenname|name des kunden|"
        "nom du client|nom client|nombre del cliente|nombre cliente|nome do cliente|"
        "nome cliente|客户名称|客户名|客户姓名|买家姓名|顧客名|お客様名|購入者名|"
        "debiteurnaam|debitorname|consumer name|payer name|payer|recipient name|"
        "author name|name of customer"
    ),
    "full_name": (
        "full name|fullname|name|naam|name|nom|nombre|nome|nom complet|nombre completo|"
        "nome completo|volledige naam|vollstandiger name|vollständiger name|姓名|名前|氏名|"
        "お名前|名称|名字|display name|displayname|person"
    ),
    "first_name": (
        "first name|firstname|given name|givenname|forename|voornaam|vorname|prenom|prénom|"
        "nombre de pila|primeiro nome|nome proprio|名|first"
    ),
    "last_name": (
        "last name|lastname|surname|family name|achternaam|nachname|familienname|nom de famille|"
        "apellido|apellidos|sobrenome|ultimo nome|cognome|姓|last|tussenvoegsel"
    ),
    "company": (
        "company|company name|business name|organisation|organization|bedrijf|bedrijfsnaam|"
        "firma|firmenname|unternehmen|societe|société|entreprise|raison sociale|empresa|"
        "razon social|razao social|nome da empresa|azienda|ragione sociale|公司|公司名称|"
        "会社名|企業名|法人名|organisatie"
    ),
    "email": (
        "email|e mail|email address|e mail address|mail|e mailadres|emailadres|mailadres|"
        "e mail adresse|email adresse|mailadresse|adresse e mail|adresse email|courriel|"
        "correo|correo electronico|email do cliente|endereco de email|endereco de e mail|"
        "posta elettronica|indirizzo email|邮箱|邮件|电子邮件|电子邮箱|邮箱地址|メール|"
        "メールアドレス|eメール|emailaddress|customer email|buyer email|from email address|"
        "contact email|requester email|e mail adres"
    ),
    "phone": (
        "phone|phone number|telephone|tel|tel no|telephone number|phonenumber|mobile|"
        "mobile phone|mobile number|cell|cell phone|telefoon|telefoonnummer|tel nr|mobiel|"
        "mobiel nummer|mobielnummer|gsm|telefon|telefonnummer|handy|handynummer|mobil|"
        "telephone portable|portable|numero de telephone|telefono|numero de telefono|movil|"
        "celular|telefone|celular|whatsapp|cellulare|numero di telefono|电话|电话号码|手机|"
        "手机号|手机号码|联系电话|電話|電話番号|携帯電話|携帯番号|連絡先電話番号|"
        "contact phone number|contact phone"
    ),
    "address": (
        "address|street|street address|address 1|address line 1|address1|addressline1|"
        "street 1|street1|adres|straat|straat en huisnummer|adres 1|adresregel 1|adresse|"
        "strasse|straße|strasse und hausnummer|anschrift|adresse 1|rue|direccion|calle|"
        "direccion 1|endereco|logradouro|rua|indirizzo|地址|详细地址|收货地址|住所|"
        "番地|住所1|所在地|billing address|shipping address"
    ),
    "address2": (
        "address 2|address line 2|address2|street 2|street2|adres 2|adresregel 2|adresse 2|"
        "adresszusatz|complement|complemento|direccion 2|indirizzo 2|住所2|建物名|"
        "address line 3|address line 4|address 3|address 4|huisnummer|hausnummer|numero|"
        "street number|numero da casa|bairro|suburb district|区|区县|attention to|attn"
    ),
    "postal_code": (
        "postal code|postcode|post code|zip|zip code|zipcode|postal|plz|postleitzahl|"
        "code postal|cp|codigo postal|cep|codice postale|cap|邮编|邮政编码|郵便番号|〒"
    ),
    "city": (
        "city|town|locality|plaats|woonplaats|stad|ort|stadt|wohnort|ville|localite|"
        "ciudad|localidad|poblacion|municipio|cidade|citta|comune|localita|城市|市|市区町村|"
        "市区郡"
    ),
    "region": (
        "state|province|province code|region|county|provincie|bundesland|departement|"
        "provincia|estado|uf|regione|省|州|都道府県|province name|state code"
    ),
    "country": (
        "country|country code|land|landcode|land code|staat|pays|code pays|pais|codigo de pais|"
        "paese|nazione|国家|国家地区|国|国名|国コード|country region|country iso|ship country|"
        "landen"
    ),
    # products
    "sku": (
        "sku|skus|sku code|variant sku|item sku|product sku|article number|article no|"
        "article nr|item number|item no|item nr|part number|part no|artikelnummer|artikelnr|"
        "artikel nummer|artikelcode|artikel code|art nr|artnr|reference produit|ref produit|"
        "code article|numero d article|code produit|referencia del producto|codigo de articulo|"
        "codigo del producto|codigo del articulo|codigo do produto|codigo produto|"
        "referencia do produto|codice articolo|codice prodotto|cod articolo|sku编码|货号|"
        "商品编码|商品编号|商品货号|产品编码|产品编号|品番|商品コード|商品番号|品目コード|"
        "stock code|stockcode|product code|productcode|product number|item code|itemcode|"
        "inventory item code|internal reference|default code|custom sku|handle sku|"
        "variant code|material number|materialnummer"
    ),
    "product_id": (
        "product id|productid|item id|itemid|article id|variant id|product no|prod id|"
        "product reference|product ref|listing id|artikel id|produkt id|id produit|"
        "id del producto|id do produto|id prodotto|商品id|产品id|商品番号id|asin|offer id"
    ),
    "product_name": (
        "product|product name|productname|product title|item|item name|itemname|item title|"
        "article|article name|artikel|artikelnaam|artikelnaam omschrijving|artikelname|"
        "artikelbezeichnung|produkt|produktname|produktbezeichnung|bezeichnung|"
        "nom du produit|nom produit|produit|article nom|designation|désignation|libelle|"
        "libellé|producto|nombre del producto|nombre producto|articulo|produto|nome do produto|"
        "nome produto|prodotto|nome prodotto|articolo|商品|商品名|商品名称|产品|产品名称|"
        "品名|品目|品目名|商品名称规格|lineitem name|product service|product or service|"
        "productnaam|producttitel|product titel|service|dienst|leistung|merchandise|"
        "menu item|gericht|goods|mercadoria|mercancia"
    ),
    "description": (
        "description|descr|desc|omschrijving|beschrijving|beschreibung|description produit|"
        "descripcion|descripción|descricao|descrição|descrizione|描述|说明|商品描述|説明|"
        "商品説明|memo description|memo|body|body html|details|detail|long description|"
        "product description|short description|langtext|kurzbeschreibung|texto"
    ),
    "title": "title|titel|titre|titulo|titolo|标题|タイトル|件名 タイトル|headline",
    "category": (
        "category|categories|product category|item group|"
        "product group|group|categorie|productgroep|artikelgroep|groep|kategorie|warengruppe|"
        "produktgruppe|artikelgruppe|categorie produit|famille|categoria|familia|"
        "grupo|grupo de productos|categoria do produto|gruppo|categoria prodotto|分类|类别|"
        "商品分类|类目|カテゴリ|カテゴリー|商品カテゴリ|部門|department|dept|"
        "reporting category|product category name|type"
    ),
    "barcode": (
        "barcode|bar code|ean|ean13|ean 13|ean code|upc|upc code|gtin|gtin ean|gtin13|"
        "streepjescode|barcode ean|strichcode|code barre|code barres|code ean|codigo de barras|"
        "codigo de barra|codice a barre|条码|条形码|商品条码|バーコード|janコード|jan|isbn|"
        "variant barcode|ean upc"
    ),
    "unit": (
        "unit|uom|unit of measure|unit of measurement|units|measure|eenheid|maateenheid|"
        "einheit|mengeneinheit|masseinheit|me|unite|unité|unidad|unidad de medida|unidade|"
        "un|unita|unità|unita di misura|um|单位|計量単位|単位|stock uom|sales unit|price unit"
    ),
    "handle": "handle|slug|url key|permalink|product handle|url handle",
    "brand": "brand|brand name|merk|marke|marque|marca|品牌|ブランド|manufacturer|hersteller|fabrikant",
    "mpn": (
        "mpn|manufacturer sku|manufact sku|manufacturer part number|manufacturer code|"
        "supplier sku|supplier product code|vendor sku|supplier item code|supplier code|"
        "cod no fornecedor|codigo no fornecedor|codigo fornecedor|leveranciers artikelnummer|"
        "lieferantenartikelnummer|reference fournisseur|hs code|hs tariff|ncm|cest|taric|"
        "google shopping mpn"
    ),
    "variant": (
        "variant|variation|variations|variant title|option|option 1 value|option 2 value|"
        "option 3 value|option1 value|variante|variatie|规格|商品规格|規格|size|color|colour|"
        "maat|kleur|grosse|farbe|taille|couleur|talla|tamanho|cor|taglia|colore|"
        "price point name|modifiers applied"
    ),
    "active": (
        "active|is active|enabled|published|status active|actief|aktiv|online|visible|"
        "visibility|available for sale|sellable|verkoopbaar|activo|ativo|"
        "attivo|上架状态|上架|販売状態|公開|公開状態|在售|is published"
    ),
    "weight": (
        "weight|grams|variant grams|weight unit|variant weight unit|gewichtseinheit|gewicht|poids|"
        "peso|peso liquido|peso bruto|peso lordo|"
        "重量|重さ|length|width|height|lengte|breedte|hoogte|dimensions"
    ),
    # quantities
    "quantity": (
        "quantity|qty|qty sold|quantity sold|units sold|amount of items|count|pieces|pcs|"
        "aantal|hoeveelheid|aantal stuks|stuks|menge|anzahl|stuckzahl|stückzahl|quantite|"
        "quantité|qte|qté|nombre d articles|cantidad|cant|unidades|quantidade|qtd|qtde|"
        "quantita|quantità|qta|antal|数量|件数|数量个|商品数量|购买数量|销售数量|個数|注文数|"
        "販売数|販売数量|売上数|lineitem quantity|item quantity|quantity ordered|ordered qty|"
        "sold qty|stock qty sold|invoiced quantity|delivered quantity|qty ordered|"
        "quantity invoiced|stk|st|pz|uds"
    ),
    "item_count": (
        "number of items|items|item count|total items|number of products|aantal artikelen|"
        "anzahl artikel|nombre d articles total|numero de articulos|quantidade de itens|"
        "numero articoli|商品件数|件数合计|点数|total orders|orders count|number of orders|"
        "aantal bestellingen|anzahl bestellungen|payment count"
    ),
    "stock": (
        "stock|in stock|on hand|stock on hand|quantity on hand|qty on hand|soh|inventory|"
        "inventory qty|inventory quantity|stock level|stock quantity|"
        "stock qty|current stock|voorraad|voorraadniveau|in voorraad|op voorraad|"
        "lagerbestand|bestand|lagerstand|bestandsmenge|"
        "quantite en stock|existencias|inventario|estoque|saldo em estoque|"
        "estoque atual|giacenza|scorte|库存|库存数量|现有库存|在庫|在庫数|"
        "在庫数量|現在庫|実在庫|variant inventory qty|inventory on hand|inventory level"
    ),
    "on_order": (
        "on order|incoming|ordered|qty on order|quantity on order|in bestelling|besteld|"
        "onderweg|bestellt|im zulauf|en commande|en pedido|pedido a proveedor|em pedido|"
        "ordinato|in ordine|在途|在途库存|已订购|発注済|発注済数|発注残|入荷予定|入荷予定数|"
        "reorder qty|purchase order qty"
    ),
    "reorder": (
        "reorder point|reorder level|min stock|minimum stock|minimale voorraad|meldbestand|"
        "mindestbestand|stock minimum|stock minimo|estoque minimo|estoque maximo|"
        "scorta minima|安全库存|発注点|restock level|max stock|maximum stock|par level"
    ),
    "location": (
        "location|store|shop|outlet|branch|site|warehouse|register|pos location|store name|"
        "shop name|vestiging|winkel|filiaal|magazijn|locatie|standort|filiale|lager|laden|"
        "geschaft|magasin|boutique|entrepot|emplacement|tienda|sucursal|almacen|ubicacion|"
        "loja|filial|deposito|armazem|negozio|magazzino|punto vendita|sede|门店|店铺|店铺名称|"
        "仓库|门店名称|店舗|店舗名|倉庫|拠点|inperson location|location name|venue|"
        "localizacao|localização"
    ),
    # money
    "unit_price": (
        "unit price|unitprice|price per unit|price each|each|unit amount|unitamount|"
        "unit cost price|rate|item price|lineitem price|stukprijs|prijs per stuk|"
        "prijs per eenheid|eenheidsprijs|stuckpreis|stückpreis|einzelpreis|preis pro einheit|"
        "preis pro stuck|prix unitaire|pu|prix unit|precio unitario|precio por unidad|"
        "p unit|preco unitario|valor unitario|vlr unitario|valor unit|prezzo unitario|"
        "prezzo unita|単価|单价|商品单价|销售单价|販売単価|unit sale price|price per item|"
        "net price|nettoprijs|sales price per unit"
    ),
    "price": (
        "price|prijs|verkoopprijs|preis|verkaufspreis|vk preis|vk|prix|prix de vente|precio|"
        "precio de venta|preco|preco de venda|valor de venda|prezzo|prezzo di vendita|价格|售价|"
        "销售价|零售价|価格|販売価格|売価|定価|sales price|selling price|sell price|"
        "retail price|list price|regular price|variant price|price incl tax|retail|msrp|"
        "listprijs|adviesprijs|listenpreis|prix public|pvp|pvpr|precio de lista|"
        "preco de lista|prezzo di listino|标价|price tax incl|price inc vat|price ex vat"
    ),
    "sale_price": (
        "sale price|special price|promo price|promotional price|aanbiedingsprijs|actieprijs|"
        "sonderpreis|aktionspreis|prix promo|prix soldé|precio oferta|preco promocional|"
        "prezzo scontato|促销价|セール価格"
    ),
    "compare_price": (
        "compare at price|compare price|variant compare at price|lineitem compare at price|"
        "original price|old price|was price|van prijs|streichpreis|ancien prix|precio anterior|"
        "preco de|原价|元の価格"
    ),
    "cost": (
        "cost|unit cost|cost price|cost per item|purchase price|buy price|supply price|"
        "average cost|avg cost|inkoopprijs|kostprijs|inkoop|einkaufspreis|ek preis|ek|"
        "einstandspreis|prix d achat|prix de revient|cout|coût|cout unitaire|pmp|"
        "precio de compra|precio de coste|costo|coste|preco de custo|custo|custo medio|"
        "prezzo di acquisto|costo medio|costo unitario|成本|成本价|进价|采购价|原価|仕入価格|"
        "仕入単価|原価単価|standard price|valuation rate|landed cost"
    ),
    "amount": (
        "amount|gross|gross amount|value|betrag|bedrag|montant|importe|valor|importo|金额|"
        "金額|total amount|amount paid|paid amount|charged amount|net sales|gross sales|"
        "sales|revenue|omzet|umsatz|chiffre d affaires|ventas|faturamento|fatturato|销售额|"
        "売上|売上金額|turnover|weekly sales|amount eur|collected"
    ),
    "line_total": (
        "line total|line amount|lineitem total|item total|total line|total price|"
        "extended price|ext price|regeltotaal|regelbedrag|zeilensumme|gesamtpreis|"
        "positionsbetrag|montant ligne|total ligne|importe linea|valor total do item|"
        "totale riga|小计金额|商品金额|金额小计|金額小計|line subtotal|subtotal line"
    ),
    "order_total": (
        "total|total collected|order total|order value total|grand total|total paid|total amount due|"
        "totaal|totaalbedrag|totaal incl btw|totaal bedrag|gesamt|gesamtbetrag|summe|"
        "endbetrag|rechnungsbetrag|montant total|total ttc|total commande|total du|"
        "total pedido|total do pedido|valor total|valor do pedido|totale|totale ordine|"
        "totale documento|合计|总计|订单金额|订单总额|实付金额|订单实付金额|合計|合計金額|"
        "総額|請求金額|支払金額|order amount|invoice total|invoice amount|adjusted order total|"
        "total incl tax|total inc vat"
    ),
    "subtotal": (
        "subtotal|sub total|subtotaal|zwischensumme|sous total|subtotal pedido|subtotale|"
        "小计|小計|order value|net total|net amount|netto|nettobedrag|nettobetrag|montant ht|"
        "total ht|base imponible|valor liquido|imponibile|total excl tax|totaal excl btw|"
        "bedrag excl btw|amount excl vat|net|net sales amount|order net|payout|"
        "adjusted net order amount|outstanding balance|balance|open balance|saldo|"
        "total spent|amount spent|lifetime value|refunded amount|amount refunded|"
        "refunded volume|converted amount|converted amount refunded|settlement amount|"
        "account balance"
    ),
    "tax": (
        "tax|taxes|tax amount|taxamount|vat|vat amount|sales tax|tax total|total tax|btw|"
        "btw bedrag|btwbedrag|btw totaal|mwst|mwst betrag|mehrwertsteuer|ust|umsatzsteuer|"
        "steuer|steuerbetrag|tva|montant tva|taxe|taxes tva|iva|importe iva|impuesto|"
        "impuestos|imposto|impostos|icms|valor do imposto|imposta|税|税额|税金|增值税|消費税|"
        "税額|消費税額|gst|hst|igst|cgst|sgst|order sales tax|item tax|line tax|tax value"
    ),
    "tax_rate": (
        "tax rate|vat rate|tax percent|btw percentage|btw tarief|btw perc|steuersatz|"
        "mwst satz|taux de tva|taux tva|tipo de iva|tipo iva|aliquota|aliquota iva|税率|"
        "tax class|tax status|tax type|tax code|taxtype|variant tax code|tax name|btw code|"
        "steuerschlussel|tax exempt|taxable|variant taxable|lineitem taxable|belastingen"
    ),
    "discount": (
        "discount|discounts|discount amount|discount total|total discount|line discount|"
        "item discount|lineitem discount|korting|kortingsbedrag|rabatt|nachlass|rabattbetrag|"
        "remise|montant remise|reduction|descuento|importe descuento|desconto|valor desconto|"
        "sconto|importo sconto|折扣|优惠|优惠金额|商品优惠|折扣金额|割引|値引|値引き|割引額|"
        "値引額|coupon amount|cart discount|promotion|promo amount"
    ),
    "shipping_cost": (
        "shipping|shipping cost|shipping amount|shipping total|shipping and handling amount|"
        "order shipping|postage|freight|delivery fee|verzendkosten|verzending kosten|"
        "versandkosten|porto|frais de port|frais de livraison|gastos de envio|envio|frete|"
        "valor do frete|spedizione|spese di spedizione|运费|邮费|送料|配送料|"
        "shipping discount|shipping tax total"
    ),
    "fee": (
        "fee|fees|transaction fee|card processing fees|processing fee|commission|commissie|"
        "provisie|gebuhr|gebühr|gebuhren|frais|comision|comissao|tarifa|taxa|commissione|"
        "手续费|手数料|決済手数料|taxes on fee|tip|tips|fooi|trinkgeld|pourboire|propina|"
        "gorjeta|mancia|小费|チップ|duties|insurance amount|adjusted card processing fees|"
        "dispute losses|gratuity|service charge"
    ),
    "currency": (
        "currency|currency code|ccy|cur|valuta|valutacode|wahrung|währung|devise|monnaie|"
        "moneda|divisa|moeda|valuta codice|币种|货币|币别|通貨|通貨コード|order currency|"
        "moeda da transacao"
    ),
    "payment_method": (
        "payment method|payment type|payment|paid by|tender|tender type|betaalmethode|"
        "betaalwijze|betaling|zahlungsart|zahlungsmethode|zahlweise|mode de paiement|"
        "moyen de paiement|paiement|forma de pago|metodo de pago|medio de pago|"
        "forma de pagamento|meio de pagamento|pagamento|metodo di pagamento|pagamento|"
        "支付方式|付款方式|支払方法|決済方法|支払い方法|card brand|card type|card|"
        "card entry methods|cash|payment terms name|mode of payment|payment status|"
        "financial status|card id|card last4"
    ),
    "status": (
        "status|state of order|order status|fulfillment status|financial state|stage|"
        "staat order|orderstatus|bestelstatus|auftragsstatus|etat|état|statut|"
        "estado del pedido|situacao|situação|stato|stato ordine|订单状态|状态|状態|"
        "ステータス|注文ステータス|stato documento|situacao do pedido"
    ),
    "return_flag": (
        "return|returned|is return|refunded|is refund|refund|retour|retourniert|"
        "retoure|rembourse|devuelto|devolucao|reso|退货|返品|transaction refunded|"
        "cancelled|canceled|is cancelled|storno"
    ),
    "channel": (
        "channel|sales channel|source|order source|source name|origin|via|kanaal|"
        "verkoopkanaal|kanal|vertriebskanal|canal|canal de venta|canal de venda|canale|"
        "渠道|来源|销售渠道|販売チャネル|チャネル|流入元|order type|dining option|"
        "source of review|platform|marketplace|sales channel name"
    ),
    # suppliers
    "supplier_id": (
        "supplier id|supplier no|supplier number|supplier nr|vendor id|vendor number|"
        "vendor no|leveranciersnummer|leverancier nummer|leveranciernummer|crediteurnummer|"
        "crediteur|lieferantennummer|lieferanten nr|lieferantennr|kreditor|kreditorennummer|"
        "numero fournisseur|code fournisseur|id fournisseur|codigo de proveedor|"
        "numero de proveedor|id proveedor|codigo do fornecedor|codigo fornecedor id|"
        "codice fornitore|供应商编号|供应商代码|仕入先コード|仕入先番号"
    ),
    "supplier_name": (
        "supplier|supplier name|vendor|vendor name|leverancier|leveranciersnaam|"
        "naam leverancier|lieferant|lieferantenname|fournisseur|nom fournisseur|proveedor|"
        "nombre del proveedor|fornecedor|nome do fornecedor|fornitore|nome fornitore|供应商|"
        "供应商名称|仕入先|仕入先名|仕入れ先|メーカー|crediteurnaam|preferred vendor"
    ),
    "lead_time": (
        "lead time|lead time days|leadtime|delivery time|delivery days|levertijd|"
        "levertijd dagen|lieferzeit|lieferzeit tage|wiederbeschaffungszeit|delai de livraison|"
        "delai|plazo de entrega|tiempo de entrega|prazo de entrega|tempo de entrega|"
        "tempi di consegna|tempo di consegna|交货期|交期|到货周期|リードタイム|納期|"
        "days to deliver|supply lead time|delivery lead time"
    ),
    "min_order": (
        "minimum order|min order|minimum order value|min order value|moq amount|"
        "minimum order amount|minimale bestelwaarde|minimum bestelbedrag|mindestbestellwert|"
        "mindestbestellmenge|commande minimum|montant minimum de commande|pedido minimo|"
        "valor minimo do pedido|pedido minimo valor|ordine minimo|importo minimo ordine|"
        "最低订购金额|起订金额|最低発注金額|最低注文金額"
    ),
    "contact_person": (
        "contact person|contactpersoon|ansprechpartner|interlocuteur|persona de contacto|"
        "pessoa de contato|referente|联系人|担当者|attention|po attention to|"
        "poattentionto|contact first name|contact last name"
    ),
    # feedback
    "rating": (
        "rating|ratings|star rating|starrating|stars|star|score|review score|review stars|"
        "review rating|overall rating|nps|nps score|csat|satisfaction|grade|cijfer|"
        "beoordeling|waardering|sterren|bewertung sterne|sterne|punkte|note|note sur 5|"
        "etoiles|étoiles|calificacion|puntuacion|valoracion|estrellas|avaliacao nota|nota|"
        "estrelas|pontuacao|valutazione|voto|stelle|评分|星级|评价星级|分数|评分等级|"
        "評価|星|星評価|スコア|rate|how would you rate|how likely"
    ),
    "review_text": (
        "review|reviews|review text|review content|review body|comment|comments|feedback|"
        "feedback text|opinion|testimonial|verified reviews|reviewtext|recensie|review tekst|"
        "opmerking|opmerkingen|commentaar|toelichting|rezension|bewertungstext|kommentar|"
        "kommentare|erfahrungsbericht|avis|commentaire|commentaires|opinion cliente|resena|"
        "reseña|comentario|comentarios|opiniao|avaliacao|comentário|recensione|commento|"
        "commenti|评价|评价内容|评论|评论内容|买家评价|レビュー|口コミ|コメント|感想|"
        "review comment|reason for score|tell us more|what could we improve"
    ),
    "review_title": (
        "review title|review headline|summary|samenvatting|titel review|titre de l avis|"
        "titulo de la resena|titulo da avaliacao|titolo recensione|评价标题|レビュータイトル"
    ),
    "review_id": (
        "review id|reviewid|review number|review no|feedback id|response id|answer id|"
        "respondent id|submission id|survey response id|recensie id|bewertungs id|"
        "bewertungsnummer|id avis|id de resena|id da avaliacao|id recensione|评价id|"
        "评价编号|レビューid"
    ),
    "author": (
        "author|reviewer|reviewer name|reviewer display name|reviewed by|respondent|"
        "auteur|recensent|beoordelaar|autor|verfasser|rezensent|auteur de l avis|autore|"
        "recensore|作者|评价人|买家昵称|昵称|投稿者|レビュアー|nickname|screen name"
    ),
    "reply": (
        "reply|response|owner response|owner reply|business reply|merchant reply|"
        "reply comment|review reply|seller response|antwoord|reactie|reactie bedrijf|"
        "antwort|stellungnahme|reponse|réponse|respuesta|resposta|risposta|回复|商家回复|"
        "卖家回复|返信|ショップからの返信|店舗からの返信"
    ),
    "scale": "scale|max score|scale max|rating scale|out of|max rating|schaal",
    "language": (
        "language|lang|locale|taal|sprache|langue|idioma|lingua|语言|言語|review language|"
        "preferred language|language code"
    ),
    # inquiries
    "subject": (
        "subject|topic|onderwerp|betreff|betreff zeile|sujet|objet|asunto|assunto|oggetto|"
        "主题|标题主题|件名|subject line|title of request"
    ),
    "message": (
        "message|messages|body text|text|content|question|questions|inquiry|enquiry|request|"
        "vraag|bericht|berichttekst|nachricht|anfrage|frage|mitteilung|question client|"
        "demande|mensaje|consulta|pregunta|mensagem|pergunta|duvida|messaggio|domanda|"
        "richiesta|问题|咨询|留言|内容|消息|お問い合わせ|問い合わせ|お問い合わせ内容|質問|本文|"
        "内容|ticket description|request text|customer message|message body"
    ),
    "answer": (
        "answer|answer text|agent reply|solution|resolution|antwoord klantenservice|"
        "beantwortung|solution apportee|solucion|solucao|soluzione|答复|回答|解答|対応内容"
    ),
    "answered_at": (
        "answered at|answered|replied at|solved at|solved|resolved at|closed at|closed|"
        "beantwoord op|gesloten op|beantwortet am|geschlossen am|repondu le|resuelto|"
        "fecha de respuesta|respondido em|risolto il|回复时间|解决时间|回答日時|対応日時|"
        "first reply time|reply time|resolvido em|resolvido|resuelto el|resolu le|resolved|"
        "gelost am|opgelost op|opgelost|risolto"
    ),
    "inquiry_id": (
        "ticket id|ticket number|ticket no|ticket nr|case id|case number|conversation id|"
        "message id|inquiry id|enquiry id|request id|ticketnummer|ticket nummer|vraag id|"
        "anfrage id|numero de ticket support|id del ticket|numero do chamado|chamado|"
        "id ticket|工单号|工单编号|問い合わせ番号|問い合わせid"
    ),
    "priority": "priority|prioriteit|prioritat|priorité|prioridad|prioridade|priorita|优先级|優先度|urgency",
    "assignee": (
        "assignee|assigned to|agent|owner|handled by|behandelaar|bearbeiter|responsable|"
        "atendente|assegnatario|负责人|担当|group assignee"
    ),
    # other things worth knowing so they are not mistaken for a field
    "marketing_opt_in": (
        "accepts marketing|accepts email marketing|email marketing|marketing opt in|opt in|"
        "optin|newsletter|subscribed|email subscribed|subscriber|marketing consent|"
        "nieuwsbrief|aangemeld nieuwsbrief|newsletter abonniert|werbeeinwilligung|"
        "accepte marketing|abonne newsletter|acepta marketing|acepta publicidad|"
        "aceita marketing|aceita receber emails|consenso marketing|订阅|メルマガ|メルマガ購読|"
        "メールマガジン|accepts email|email opt in|email subscription status|subscription status|"
        "email subscription|newsletter status|subscribed to newsletter"
    ),
    "sms_opt_in": "accepts sms marketing|sms marketing|sms opt in|sms consent",
    "note": (
        "note|notes|remark|remarks|internal note|notitie|notities|bemerkung|notiz|hinweis|"
        "remarque|nota interna|notas|observacao|observações|observacoes|nota|note interne|"
        "备注|买家备注|卖家备注|備考|メモ|note attributes|customer note|comment internal|"
        "purchase note"
    ),
    "tags": "tags|tag|labels|label|etiketten|schlagworte|etiquettes|etiquetas|标签|タグ|class",
    "url": (
        "url|link|website|web|image|images|image src|image url|photo|foto|bild|picture|"
        "variant image|image alt text|image position|external url|download 1 url|website url|"
        "afbeelding|imagem|immagine|图片|画像|主图|商品画像"
    ),
    "vat_number": (
        "vat number|vat id|tax number|tax id|taxnumber|btw nummer|btw nr|btw id|kvk|kvk nummer|"
        "kvk nr|coc number|ust id|ustid|steuernummer|umsatzsteuer id|numero de tva|siret|"
        "siren|nif|cif|nie|cpf|cnpj|cpf cnpj|partita iva|codice fiscale|税号|统一社会信用代码|"
        "法人番号|登録番号|iban|bic|bank account|consumer bank account|consumer bic|"
        "rekeningnummer|kontonummer|soc sec id|ssn|social security number"
    ),
    "staff": (
        "employee|staff|staff name|cashier|seller|salesperson|sales person|sales rep|"
        "medewerker|verkoper|kassier|mitarbeiter|verkaufer|kassierer|vendeur|caissier|"
        "vendedor|cajero|operador|venditore|cassiere|收银员|导购|担当者名|販売員|レジ担当|"
        "device|device name|device id|pos device|terminal|kassa|kasse|caisse|caja|register name"
    ),
    "shipping_method": (
        "shipping method|delivery method|shipping service|carrier|verzendmethode|"
        "bezorgmethode|versandart|mode de livraison|transportista|metodo de envio|"
        "transportadora|forma de envio|corriere|配送方式|快递公司|配送方法|配送業者|"
        "shipping class|fulfillment service|requires shipping|lineitem requires shipping|"
        "variant requires shipping|variant fulfillment service|shipping lines"
    ),
    "coupon": (
        "coupon|coupon code|discount code|voucher|voucher code|promo code|kortingscode|"
        "gutschein|gutscheincode|code promo|codigo de descuento|cupom de desconto|"
        "codice sconto|优惠券|クーポン|coupon details"
    ),
    "birth_or_personal": (
        "gender|sex|geslacht|geschlecht|sexe|sexo|sesso|性别|性別|age|leeftijd|alter|年龄|年齢"
    ),
    "flag_other": (
        "holiday flag|is featured|featured|gift card|sold individually|backorders allowed|"
        "allow customer reviews|verified|verified purchase|in stock flag|delinquent|"
        "captured|cancel at period end|is virtual|is downloadable|track inventory|"
        "variant inventory tracker|variant inventory policy|inventory policy|tax exempt flag|"
        "new customer|nouveau client|address status|risk level|first time customer"
    ),
    "metric_other": (
        "temperature|fuel price|cpi|unemployment|margin|marge|margem|margine|profit|winst|"
        "gewinn|benefice|beneficio|lucro|utile|毛利|粗利|download limit|download expiry days|"
        "position|menu order|sort order|commission rate"
    ),
}

# Names with several plausible meanings: the values decide. (concept, header score)
AMBIGUOUS: dict[str, list[tuple[str, float]]] = {
    # Australian addresses name the town "suburb"; beside a "city" column it is the district
    "suburb": [("city", 0.8), ("address2", 0.5)],
    "number": [("generic_id", 0.6), ("quantity", 0.5)],
    "nummer": [("generic_id", 0.6), ("quantity", 0.4)],
    "numero": [("generic_id", 0.6), ("quantity", 0.4)],
    "nr": [("generic_id", 0.6), ("quantity", 0.3)],
    "no": [("generic_id", 0.6), ("quantity", 0.3)],
    "num": [("generic_id", 0.6), ("quantity", 0.4)],
    "n": [("generic_id", 0.55), ("quantity", 0.4)],
    "#": [("generic_id", 0.6), ("quantity", 0.3)],
    "count": [("quantity", 0.7), ("item_count", 0.5)],
    "amount": [("amount", 0.8), ("quantity", 0.3)],
    "bewertung": [("rating", 0.7), ("review_text", 0.7)],
    "beoordeling": [("rating", 0.7), ("review_text", 0.6)],
    "avaliacao": [("review_text", 0.7), ("rating", 0.6)],
    "valoracion": [("rating", 0.7), ("review_text", 0.6)],
    "评价": [("review_text", 0.7), ("rating", 0.6)],
    "評価": [("rating", 0.7), ("review_text", 0.6)],
    "note": [("note", 0.6), ("rating", 0.55)],
    "nota": [("rating", 0.55), ("note", 0.55)],
    "feedback": [("review_text", 0.75), ("rating", 0.5)],
    "score": [("rating", 0.9)],
    "name": [("full_name", 0.8)],
    "title": [("title", 0.9)],
    "data": [("datetime", 0.8)],
    "type": [("category", 0.6), ("other_text", 0.5)],
    "product type": [("category", 0.7)],
    "type of product": [("category", 0.7)],
    "status": [("status", 0.9), ("active", 0.5)],
    "situacao": [("status", 0.8), ("active", 0.5)],
    "etat": [("status", 0.8), ("active", 0.5)],
    "stato": [("status", 0.8), ("active", 0.5)],
    "published": [("active", 0.8)],
    "stock": [("stock", 1.0)],
    "bestand": [("stock", 0.8)],
    "value": [("amount", 0.6), ("other_text", 0.3)],
    "gross": [("amount", 0.8)],
    "total": [("order_total", 1.0), ("line_total", 0.6)],
    "totaal": [("order_total", 1.0), ("line_total", 0.6)],
    "importe": [("amount", 0.8), ("line_total", 0.6)],
    "importo": [("amount", 0.8), ("line_total", 0.6)],
    "bedrag": [("amount", 0.8), ("line_total", 0.6)],
    "betrag": [("amount", 0.8), ("line_total", 0.6)],
    "montant": [("amount", 0.8), ("line_total", 0.6)],
    "valor": [("amount", 0.8), ("line_total", 0.6)],
    "description": [("description", 1.0), ("message", 0.5)],
    "omschrijving": [("description", 1.0), ("message", 0.4)],
    "descripcion": [("description", 1.0), ("message", 0.4)],
    "descricao": [("description", 1.0), ("message", 0.4)],
    "beschreibung": [("description", 1.0), ("message", 0.4)],
    "descrizione": [("description", 1.0), ("message", 0.4)],
    "body": [("description", 0.7), ("message", 0.7)],
    "text": [("message", 0.7), ("review_text", 0.6)],
    "content": [("message", 0.7), ("review_text", 0.6)],
    "comment": [("review_text", 0.9), ("message", 0.5)],
    "comments": [("review_text", 0.9), ("message", 0.5)],
    "source": [("channel", 0.9)],
    "available": [("available", 0.9), ("active", 0.4)],
    "rate": [("unit_price", 0.7), ("rating", 0.5)],
    "online": [("active", 0.5), ("channel", 0.4)],
    "item": [("product_name", 0.9)],
    "items": [("item_count", 0.6), ("product_name", 0.5)],
    "product": [("product_name", 0.9), ("product_id", 0.5)],
    "article": [("product_name", 0.8), ("product_id", 0.5)],
    "artikel": [("product_name", 0.8), ("product_id", 0.5)],
    "card": [("payment_method", 0.6)],
    "receipt": [("receipt_id", 0.9)],
    "bon": [("receipt_id", 0.8)],
    "account": [("customer_ref", 0.5)],
    "land": [("country", 0.9)],
    "staat": [("region", 0.6), ("status", 0.3)],
    "line": [("line_no", 0.7)],
    "position": [("line_no", 0.6), ("metric_other", 0.4)],
    "pos": [("line_no", 0.5), ("location", 0.3)],
    "register": [("staff", 0.6), ("location", 0.5)],
    "ordered": [("on_order", 0.7), ("quantity", 0.4)],
    "refund": [("return_flag", 0.7), ("subtotal", 0.4)],
    "ref": [("generic_code", 0.8)],
    "net": [("subtotal", 0.8)],
    "group": [("category", 0.7)],
    "cell": [("phone", 0.7)],
    "first": [("first_name", 0.6)],
    "last": [("last_name", 0.6)],
}

# "other_text" is a catch-all concept for names that mean nothing canonical.
OTHER = {"other_text"}

# --- qualifiers -------------------------------------------------------------------------
# Words that say which group of columns a header belongs to ("Billing Name", "Lineitem
# price", "Voornaam verzending"). They are stripped before the lookup and recorded.

GROUP_WORDS: dict[str, str] = {
    # line level
    "lineitem": "line",
    "line item": "line",
    "line items": "line",
    "line": "line",
    "regel": "line",
    "zeile": "line",
    "position": "line",
    "ligne": "line",
    "linea": "line",
    "linha": "line",
    "riga": "line",
    "明细": "line",
    "明細": "line",
    # order level (in a line-level export, an order's amounts are not the line's)
    "order": "order",
    "orders": "order",
    "invoice": "order",
    # product variant (product exports)
    "variant": "variant",
    "variation": "variant",
    # billing
    "billing": "billing",
    "bill": "billing",
    "bill to": "billing",
    "billing address": "billing",
    "invoice address": "billing",
    "factuur": "billing",
    "facturatie": "billing",
    "factuuradres": "billing",
    "rechnungs": "billing",
    "rechnungsadresse": "billing",
    "facturation": "billing",
    "facturacion": "billing",
    "faturamento": "billing",
    "cobranca": "billing",
    "fatturazione": "billing",
    "账单": "billing",
    "請求先": "billing",
    "po": "billing",
    "postal": "billing",
    "default address": "billing",
    "default": "billing",
    # shipping
    "shipping": "shipping",
    "ship": "shipping",
    "ship to": "shipping",
    "shipping address": "shipping",
    "delivery": "shipping",
    "delivery address": "shipping",
    "verzending": "shipping",
    "verzend": "shipping",
    "aflever": "shipping",
    "afleveradres": "shipping",
    "bezorg": "shipping",
    "bezorging": "shipping",
    "liefer": "shipping",
    "lieferung": "shipping",
    "lieferadresse": "shipping",
    "versand": "shipping",
    "livraison": "shipping",
    "envio": "shipping",
    "entrega": "shipping",
    "spedizione": "shipping",
    "收货人": "shipping",
    "收货": "shipping",
    "收件人": "shipping",
    "配送先": "shipping",
    "お届け先": "shipping",
    "送付先": "shipping",
    "sa": "shipping",
    "recipient": "shipping",
}

# Words that say whose field it is ("Customer email", "Kundennummer", "注文番号").
SUBJECT_WORDS: dict[str, str] = {
    "order": "order",
    "orders": "order",
    "sales order": "order",
    "bestel": "order",
    "bestelling": "order",
    "bestell": "order",
    "bestellung": "order",
    "auftrag": "order",
    "auftrags": "order",
    "commande": "order",
    "pedido": "order",
    "ordine": "order",
    "订单": "order",
    "注文": "order",
    "受注": "order",
    "sale": "order",
    "sales": "order",
    "verkoop": "order",
    "verkauf": "order",
    "verkaufs": "order",
    "vente": "order",
    "venta": "order",
    "venda": "order",
    "vendita": "order",
    "会計": "order",
    "invoice": "invoice",
    "factuur": "invoice",
    "rechnung": "invoice",
    "rechnungs": "invoice",
    "facture": "invoice",
    "factura": "invoice",
    "fatura": "invoice",
    "fattura": "invoice",
    "发票": "invoice",
    "請求書": "invoice",
    "receipt": "receipt",
    "bon": "receipt",
    "beleg": "receipt",
    "ticket": "ticket",
    "transaction": "transaction",
    "transactie": "transaction",
    "transaktions": "transaction",
    "transaktion": "transaction",
    "交易": "transaction",
    "取引": "transaction",
    "payment": "payment",
    "payout": "payment",
    "card": "payment",
    "customer": "customer",
    "customers": "customer",
    "client": "customer",
    "klant": "customer",
    "klanten": "customer",
    "kunden": "customer",
    "kunde": "customer",
    "cliente": "customer",
    "buyer": "customer",
    "koper": "customer",
    "kaufer": "customer",
    "acheteur": "customer",
    "comprador": "customer",
    "debiteur": "customer",
    "debitor": "customer",
    "debitoren": "customer",
    "contact": "customer",
    "contato": "customer",
    "contacto": "customer",
    "consumer": "customer",
    "member": "customer",
    "会员": "customer",
    "会員": "customer",
    "客户": "customer",
    "顾客": "customer",
    "买家": "customer",
    "顧客": "customer",
    "購入者": "customer",
    "requester": "customer",
    "product": "product",
    "products": "product",
    "produkt": "product",
    "produit": "product",
    "producto": "product",
    "produto": "product",
    "prodotto": "product",
    "artikel": "product",
    "article": "product",
    "articulo": "product",
    "articolo": "product",
    "item": "product",
    "商品": "product",
    "产品": "product",
    "品目": "product",
    "supplier": "supplier",
    "vendor": "supplier",
    "manufacturer": "brand",
    "hersteller": "brand",
    "fabrikant": "brand",
    "fabricant": "brand",
    "fabricante": "brand",
    "produttore": "brand",
    "brand": "brand",
    "marke": "brand",
    "merk": "brand",
    "leverancier": "supplier",
    "leveranciers": "supplier",
    "lieferant": "supplier",
    "lieferanten": "supplier",
    "fournisseur": "supplier",
    "proveedor": "supplier",
    "fornecedor": "supplier",
    "fornitore": "supplier",
    "crediteur": "supplier",
    "kreditor": "supplier",
    "供应商": "supplier",
    "仕入先": "supplier",
    "review": "review",
    "bewertungs": "review",
    "bewertung": "review",
    "recensie": "review",
    "avis": "review",
    "resena": "review",
    "avaliacao": "review",
    "recensione": "review",
    "评价": "review",
    "レビュー": "review",
    "store": "store",
    "shop": "store",
    "winkel": "store",
    "filiale": "store",
    "magasin": "store",
    "tienda": "store",
    "loja": "store",
    "negozio": "store",
    "店铺": "store",
    "门店": "store",
    "店舗": "store",
}

# Connectors of Romance-language (and English "of") compounds: "Número de pedido".
CONNECTORS = frozenset(
    {"de", "du", "des", "d", "da", "do", "das", "dos", "del", "della", "dello", "di", "dei", "of", "van"}
)

# Qualifier words kept from brackets or the header itself.
NET_WORDS = frozenset({"net", "netto", "excl", "ex", "ht", "sin", "sem", "senza", "before", "税抜", "税抜き"})
GROSS_WORDS = frozenset({"gross", "brutto", "bruto", "incl", "inc", "ttc", "con", "com", "including", "税込"})
RATE_WORDS = frozenset({"pct", "percent", "percentage", "rate", "satz", "tarief", "taux", "tasa", "taxa"})

# --- more names: Scandinavian (DA/SV/NO), Polish, accounting tools, abbreviations, CJK shops --
# Merged after LEXICON (a name already there keeps its first concept). Entries come from the
# export layouts of e-conomic, Dinero, Billy, Fortnox, Visma, Tripletex, Fiken, Zettle,
# Subiekt, wFirma, inFakt, Allegro, Taobao/Tmall (千牛), Rakuten (RMS), Yahoo!ショッピング,
# BASE, makeshop, and the words accountants use for invoices.

LEXICON_MORE: dict[str, str] = {
    "order_id": (
        "ordrenummer|ordrenr|ordre nr|ordre|ordre id|ordrenummer id|bestillingsnummer|bestillingsnr|"
        "bestilling|bestillings id|beställningsnummer|bestallningsnummer|beställning|ordernr|"
        "numer zamowienia|nr zamowienia|zamowienie|id zamowienia|numer zamowienia allegro|"
        "订单编号|订单号码|主订单编号|子订单编号|淘宝订单号|平台订单号|受注no|受注id|注文コード|"
        "order no|order num|ord no|so no|so number|sales order no|sales order number"
    ),
    "invoice_id": (
        "fakturanummer|fakturanr|faktura nr|fakturanr|faktura|faktura id|fakturaid|"
        "numer faktury|nr faktury|faktura numer|numer dokumentu|nr dokumentu|dokument|"
        "bilagsnummer|bilagsnr|bilag|verifikationsnummer|verifikationsnr|"
        "inv number|inv nr|inv num|inv id|invoice nº|invoice no s|bill no|bill number|"
        "credit note no|credit note number|creditnota nummer|gutschriftsnummer|"
        "請求書no|請求書id|発票号码|单据编号|单据号|伝票番号"
    ),
    "receipt_id": (
        "kvittering|kvitteringsnummer|kvitteringsnr|kvitto nr|kvittonr|bonnummer|"
        "paragon|numer paragonu|nr paragonu|レシートno|小票"
    ),
    "datetime": (
        "dato|ordredato|ordre dato|bestillingsdato|salgsdato|fakturadato|faktura dato|bilagsdato|"
        "köpdatum|kopdatum|orderdatum|försäljningsdatum|forsaljningsdatum|fakturadatum|"
        "data zamowienia|data sprzedazy|data wystawienia|data faktury|data dokumentu|data transakcji|"
        "data i godzina|invoice issue date|issue date|date issued|date of issue|issued on|issued|"
        "bill date|txn date|transaction time|order time|order placed|sale time|"
        "订单创建时间|下单时间|创建订单时间|订单时间|拍下时间|支付宝交易时间|注文日時|受注日時|"
        "注文日付|受注日付|購入日時|売上日時|販売日時|日付時刻"
    ),
    "created_at": (
        "oprettet|oprettet dato|oprettelsesdato|opprettet|opprettet dato|opprettelsesdato|"
        "skapad|skapat|skapad datum|registrerad|registreret|registrert|kunde siden|kund sedan|"
        "utworzono|data utworzenia|data rejestracji|zarejestrowany|member since|joined|"
        "注册时间|注册日期|会员注册时间|入会日|登録年月日"
    ),
    "updated_at": (
        "ændret|aendret|opdateret|endret|oppdatert|sist endret|senest ændret|ändrad|andrad|"
        "uppdaterad|senast ändrad|zmodyfikowano|data modyfikacji|zaktualizowano|"
        "data aktualizacji|ostatnia zmiana|last changed|changed|changed at|date modified|"
        "modified date|modified at|modified on|updated on|update date|last update|"
        "修改时间|最后修改时间|変更日|変更日時|最終更新日時"
    ),
    "paid_at": (
        "betalingsdato|betalt dato|betalt|betalningsdatum|betald|data platnosci|data zaplaty|"
        "zaplacono|payment received|date of payment|paid|付款日期|订单付款时间|买家付款时间|"
        "入金日時|決済日|支払日時"
    ),
    "other_date": (
        "forfaldsdato|forfald|forfallsdato|forfall|förfallodatum|forfallodatum|förfallodag|"
        "termin platnosci|termin zaplaty|data terminu|due|due on|payment due|payment due date|"
        "due by|pay by|expiry date|expiration date|expires|expires at|valid to|"
        "leveringsdato|leveransdatum|data dostawy|data wysylki|delivery date|delivered at|"
        "closed date|close date|date closed|completed date|shipped|sent at|sent date|"
        "last order date|last order|last purchase|last seen|last login|last activity|"
        "発送日時|出荷日時|配送日|お届け日|到着日|发货日期|签收时间|确认收货时间|"
        "支払期限|入金期限|期日|有効期限|最終購入日|最終注文日"
    ),
    "customer_id": (
        "kundenummer|kundenr|kunde nr|kunde id|kundeid|kundnummer|kundnr|kund nr|kund id|"
        "numer klienta|nr klienta|id klienta|kod klienta|numer kontrahenta|nr kontrahenta|"
        "kod kontrahenta|id kontrahenta|nip nabywcy|customer no s|cust id|cust no|cust nr|"
        "cust code|cust number|acct no|acct number|account id|debtor number|debtor no|"
        "debtor code|debtor id|买家会员名|买家账号|买家id|买家昵称id|会员名|会员账号|用户id|"
        "会員no|顧客no|注文者id|購入者id|ユーザーid|ユーザid"
    ),
    "customer_ref": (
        "kund|kunde|køber|kober|köpare|kopare|klient|nabywca|kupujacy|kontrahent|odbiorca|"
        "customer job|debtor|customer account|注文者|購入者様|买家|收货人会员"
    ),
    "customer_name": (
        "kundenavn|kunde navn|kundnamn|kund namn|navn på kunde|nazwa klienta|nazwa nabywcy|"
        "nazwa kontrahenta|nabywca nazwa|imie i nazwisko klienta|kupujacy nazwa|"
        "debtor name|customer full name|cust name|account holder|"
        "注文者名|注文者氏名|購入者氏名|お客様氏名|买家姓名|买家名称|客户名字"
    ),
    "full_name": (
        "navn|fulde navn|fullt navn|namn|fullständigt namn|fullstandigt namn|nazwa|"
        "imie i nazwisko|imie nazwisko|pelna nazwa|姓名全称|氏名漢字"
    ),
    "first_name": "fornavn|förnamn|fornamn|imie|名前 名",
    "last_name": "efternavn|etternavn|efternamn|nazwisko|名前 姓",
    "company": (
        "firmanavn|firma navn|virksomhed|virksomhedsnavn|selskab|selskap|foretak|"
        "företag|foretag|företagsnamn|foretagsnamn|nazwa firmy|firma nazwa|przedsiebiorstwo|"
        "会社|店铺名|法人"
    ),
    "email": (
        "e post|epost|e postadresse|epostadresse|e postadress|epostadress|e mail adresse|mejl|"
        "mejladress|adres e mail|adres email|email klienta|e mail klienta|"
        "買家邮箱|买家邮箱|注文者メールアドレス|購入者メールアドレス|メアド|ｅメール"
    ),
    "phone": (
        "tlf|tlf nr|tlfnr|telefonnr|mobilnr|mobilnummer|mobiltelefon|mobiltlf|"
        "numer telefonu|nr telefonu|nr tel|tel kom|telefon komorkowy|komorka|"
        "联系手机|收货人手机|手机号码|注文者電話番号|購入者電話番号|電話番号1"
    ),
    "address": (
        "adresse 1|adress|gatuadress|gateadresse|gadenavn|vejnavn|ulica|adres ulica|"
        "ulica i numer|adres klienta|收货地址详细|詳細住所|住所1 番地"
    ),
    "postal_code": (
        "postnummer|postnr|post nr|kod pocztowy|kod pocztowy klienta|postal zip code|"
        "zip postal code|邮政编码收货"
    ),
    "city": ("poststed|postort|bynavn|miasto|miejscowosc|poczta|city town|stadt ort"),
    "country": "kraj|landekode|landskod|kod kraju|国家代码|国・地域",
    "sku": (
        "varenummer|varenr|vare nr|varekode|produktnummer|produktnr|artikelnr|art nr|"
        "artikkelnummer|artikkelnr|indeks|indeks produktu|kod produktu|kod towaru|symbol|"
        "symbol towaru|nr katalogowy|numer katalogowy|sygnatura|"
        "item sku|sku no|sku nr|sku number|part no|item ref|prod code|prod no|"
        "商家编码|商家编号|宝贝编码|商家sku编码|外部编码|规格编码|商品管理番号|"
        "商品管理コード|商品コード番号|品番コード|商品番号id|jan code sku"
    ),
    "product_id": (
        "produkt id|vare id|varenr id|id produktu|id towaru|id oferty|numer oferty|"
        "宝贝id|商品id号|item code id|sku id|商品id番号"
    ),
    "product_name": (
        "vare|varenavn|varebeskrivelse|varetekst|produktnavn|produktnamn|produktbenævnelse|"
        "benævnelse|benaevnelse|benämning|benamning|artikkel|artikkelnavn|artikelbenämning|"
        "tjeneste|tjänst|nazwa produktu|nazwa towaru|nazwa towaru lub uslugi|"
        "nazwa towaru uslugi|towar|towar usluga|usluga|nazwa artykulu|tytul oferty|"
        "宝贝|宝贝标题|宝贝名称|商品标题|商品名称全称|商品名稱|品名規格|商品名 項目|"
        "item description|product service name|description of goods|goods description"
    ),
    "description": ("beskrivelse|beskrivning|opis|opis produktu|tekst|text|商品说明|商品詳細"),
    "category": (
        "kategori|varegruppe|varegruppe navn|varugrupp|produktgruppe|produktgrupp|"
        "kategoria|grupa towarowa|grupa produktow|宝贝类目|类目名称|商品类目|ジャンル|ジャンルid"
    ),
    "barcode": (
        "stregkode|strekkode|streckkod|ean kode|ean kod|kod kreskowy|kod ean|"
        "条码号|条形码号|jan code|janコード番号"
    ),
    "unit": ("enhed|enhet|enheder|jednostka|jednostka miary|jm|j m|unit type|计量单位|単位名"),
    "quantity": (
        "antal|antall|ant|antal stk|antall stk|mængde|maengde|mengde|mängd|mangd|"
        "ilosc|liczba|liczba sztuk|szt|ilosc szt|qty pcs|qnt|qtty|quant|no of units|"
        "units|unit qty|pieces sold|"
        "个|个数|件|宝贝数量|购买数量个|商品数量个|実売数|実売数量|受注数|受注数量|"
        "購入数|購入数量|注文数量|販売個数|出荷数"
    ),
    "item_count": "antal varer|antal artikler|liczba pozycji|liczba produktow|商品种类|宝贝种类",
    "stock": (
        "lagerbeholdning|beholdning|lagerantal|lager antal|lagersaldo|i lager|på lager|pa lager|"
        "lagerstatus antal|stan|stan magazynowy|stan magazynu|ilosc w magazynie|"
        "na stanie|physical stock|physical qty|physical quantity|qty in stock|"
        "quantity in stock|units in stock|units on hand|stock physique|stock fisico|"
        "fysieke voorraad|physischer bestand|实际库存|实物库存|库存量|帳簿在庫|在庫数 実在庫|"
        "実在庫数|現在庫数"
    ),
    "available": (
        "available|qty available|quantity available|available qty|available quantity|"
        "available to sell|available to promise|atp|free stock|free to sell|unallocated|"
        "tilgængelig|tilgaengelig|tilgjengelig|disponibel|tillgänglig|tillganglig|"
        "dostepne|dostepna ilosc|dostepnosc|beschikbaar|beschikbare voorraad|verfugbar|"
        "verfuegbar|verfügbarer bestand|disponible|stock disponible|disponivel|"
        "disponibilita|可用库存|可售库存|可销售库存|有効在庫|有効在庫数|引当可能数|販売可能数"
    ),
    "on_order": (
        "i bestilling|bestilt|i ordre|beställt|bestallt|i order|zamowione|w drodze|"
        "po qty|on po|incoming qty|incoming stock|采购在途|入荷待ち"
    ),
    "reorder": "genbestillingspunkt|minimumsbeholdning|minsta lager|stan minimalny|minimum qty",
    "location": (
        "lagersted|lagerplads|butik|butikk|afdeling|avdelning|avdeling|plassering|placering|"
        "sklep|magazyn|lokalizacja|oddzial|punkt sprzedazy|发货仓库|仓库名称|出荷倉庫|店舗コード"
    ),
    "unit_price": (
        "stykpris|stk pris|pris pr stk|pris per stk|enhedspris|styckpris|a pris|apris|"
        "à pris|enhetspris|pris per enhet|pris pr enhet|cena jednostkowa|cena jedn|"
        "cena jednostkowa netto|cena jedn netto|cena netto|cena jednostkowa brutto|cena brutto|"
        "unit price excl vat|unit price incl vat|unit price ex vat|unit price inc vat|"
        "price each|each price|ea|price ea|u price|unit pr|"
        "宝贝单价|商品单价元|単価 税込|単価 税抜|販売単価 税込|商品単価"
    ),
    "price": (
        "pris|salgspris|utsalgspris|försäljningspris|forsaljningspris|utpris|listepris|"
        "cena|cena sprzedazy|cena katalogowa|cena detaliczna|一口价|吊牌价|販売価格 税込|"
        "価格 税込|売価 税込|通常価格"
    ),
    "cost": (
        "kostpris|indkøbspris|indkobspris|innkjøpspris|innkjopspris|inköpspris|inkopspris|"
        "cena zakupu|cena nabycia|koszt|koszt jednostkowy|成本单价|仕入原価|仕入れ価格"
    ),
    "amount": (
        "beløb|belob|belopp|beløp|belop|kwota|wartosc|suma|summa|"
        "amount incl vat|amount incl tax|amount inc vat|amount inc tax|amount including vat|"
        "amount gross|gross total|invoice amount incl vat|"
        "beløb inkl moms|belob inkl moms|belopp inkl moms|beløp inkl mva|belop inkl mva|"
        "inkl moms|inkl mva|incl vat|incl tax|kwota brutto|wartosc brutto|brutto|"
        "实收金额|成交金额|売上金額 税込"
    ),
    "order_total": (
        "totalt|total belob|totalbeløb|totalbelob|totalbelopp|totalbeløp|totalbelop|i alt|"
        "at betale|att betala|a betale|razem|do zaplaty|razem brutto|wartosc zamowienia|"
        "kwota zamowienia|total inkl moms|totalt inkl moms|totalt inkl mva|"
        "买家应付货款|买家实际支付金额|总金额|订单总金额|实付款|应付金额|受注金額|注文金額|"
        "合計金額 税込|お支払い金額|請求額|total due|amount to pay"
    ),
    "subtotal": (
        "amount excl vat|amount excl tax|amount ex vat|amount ex tax|amount excluding vat|"
        "amount net|excl vat|ex vat|excl tax|ex tax|ekskl moms|eksl moms|exkl moms|ekskl mva|"
        "beløb ekskl moms|belob ekskl moms|belopp exkl moms|beløp ekskl mva|belop ekskl mva|"
        "netto beløb|nettobelopp|nettobeløp|kwota netto|wartosc netto|razem netto|"
        "小计金额|税抜金額|小計 税抜"
    ),
    "tax": (
        "moms|momsbeløb|momsbelob|momsbelopp|mva|mva beløp|mva belop|merverdiavgift|"
        "podatek|podatek vat|kwota vat|vat kwota|wartosc vat|vat amount total|vat total|"
        "消費税 税額|税金额"
    ),
    "tax_rate": "momssats|momskode|mva sats|mva kode|stawka vat|stawka|vat stawka|momssats pct",
    "discount": (
        "rabat|rabatbeløb|nedslag|rabattbelopp|rabatt belopp|znizka|upust|rabat kwota|"
        "优惠金额合计|店铺优惠|平台优惠|割引金額|クーポン利用額|ポイント利用額"
    ),
    "shipping_cost": (
        "fragt|fragtpris|forsendelse|frakt|fraktkostnad|frakt kostnad|"
        "wysylka|koszt wysylki|koszt dostawy|买家应付邮费|邮费金额|送料 税込"
    ),
    "currency": "waluta|valutakode|valutakod|币种代码",
    "payment_method": (
        "betalingsmetode|betalingsmåde|betalingsmade|betalingsform|betalingstype|"
        "betalningsmetod|betalningssätt|betalningssatt|betalmetod|sposob platnosci|"
        "forma platnosci|metoda platnosci|支付方式名称|決済方法名"
    ),
    "status": (
        "ordrestatus|ordre status|orderstatus sv|status zamowienia|stan zamowienia|"
        "订单状态名称|交易状态|受注ステータス|対応状況"
    ),
    "channel": (
        "salgskanal|försäljningskanal|forsaljningskanal|kanal sprzedazy|zrodlo|店铺名称来源|販売サイト|モール"
    ),
    "supplier_id": (
        "leverandørnummer|leverandornummer|leverandørnr|leverandornr|leverandør nr|"
        "leverandor nr|leverandør id|leverandor id|leverantörsnummer|leverantorsnummer|"
        "leverantörsnr|leverantorsnr|leverantör id|leverantor id|numer dostawcy|"
        "nr dostawcy|kod dostawcy|id dostawcy|creditor number|creditor no|creditor id|"
        "vendor code|supplier code|供应商id|仕入先id|仕入先no"
    ),
    "supplier_name": (
        "leverandør|leverandor|leverandørnavn|leverandornavn|leverantör|leverantor|"
        "leverantörsnamn|leverantorsnamn|dostawca|nazwa dostawcy|producent|creditor|"
        "creditor name|vendor company|供应商名字|仕入先名称|メーカー名"
    ),
    "lead_time": (
        "leveringstid|leveringstid dage|leveringstid dager|leveranstid|leveranstid dagar|"
        "czas dostawy|czas realizacji|dni dostawy|lead days|lt days|采购周期|納品日数"
    ),
    "min_order": (
        "minimumsordre|minimum ordre|mindste ordre|minsta ordervärde|minsta ordervarde|"
        "minsta order|minimalna wartosc zamowienia|minimalne zamowienie|min order amount|"
        "min po value|minimum purchase"
    ),
    "rating": (
        "bedømmelse|bedommelse|vurdering|betyg|stjerner|stjärnor|stjarnor|ocena|"
        "gwiazdki|liczba gwiazdek|评分星级|評価点|星の数"
    ),
    "review_text": (
        "anmeldelse|anmeldelser|recension|omdöme|omdome|opinia|opinie|komentarz|"
        "tresc opinii|评价内容详情|追评|レビュー本文|レビュー内容"
    ),
    "message": (
        "besked|meddelelse|melding|meddelande|wiadomosc|tresc|tresc wiadomosci|"
        "spørgsmål|sporgsmal|sporsmal|fråga|fraga|pytanie|zapytanie|買家留言|买家留言|"
        "お問い合わせ本文"
    ),
    "subject": "emne|ämne|amne|temat|tytul|件名",
    "language": "sprog|språk|sprak|jezyk",
    "marketing_opt_in": (
        "nyhedsbrev|nyhetsbrev|nyhedsbrev tilmeldt|samtykke|samtykke markedsføring|"
        "markedsføring|marknadsföring|marknadsforing|markedsforing|accepterer markedsføring|"
        "zgoda marketingowa|zgoda na newsletter|zgoda na marketing|newsletter zgoda|"
        "subscribed to email|email opt in status|marketing emails|メルマガ希望|メール配信"
    ),
    "opt_out": (
        "unsubscribed|unsubscribe|unsubscribed at|opted out|opt out|optout|"
        "do not email|do not contact|do not mail|dont email|no email|no marketing|"
        "email blocked|blocked|is blocked|blacklisted|bounced|suppressed|email suppressed|"
        "afgemeld|uitgeschreven|abgemeldet|abbestellt|desabonne|desinscrit|dado de baja|"
        "baja|descadastrado|disiscritto|afmeldt|afmeldt nyhedsbrev|avregistrerad|avanmäld|"
        "avanmald|wypisany|rezygnacja|配信停止|退订|拒收"
    ),
    "ledger": (
        "debit|credit|debet|kredit|credit amount|debit amount|soll|haben|soll haben|"
        "konto|gegenkonto|bu schlüssel|bu schlussel|buschlussel|bu|"
        "kostenstelle|kostnadsställe|ledger|ledger account|gl account|gl code|"
        "general ledger|account code|nominal code|nominal|grootboek|grootboekrekening|"
        "tegenrekening|journal|journal no|journal entry|dagboek|buchungstext|"
        "buchungsschlüssel|buchungsschlussel|sachkonto|umsatz soll|umsatz haben|"
        "kontonr|kontonummer|kontokode|modkonto|motkonto|konto wn|konto ma|wn|ma|"
        "winien|debet kwota|compte|compte general|journal code|ecriture|numero d ecriture|"
        "debe|haber|cuenta|cuenta contable|conta contabil|dare|avere|conto|"
        "借方|贷方|貸方|科目|勘定科目|借方金額|貸方金額|会计科目"
    ),
}

# General words of each language that the first blind set showed missing (2026-11): the
# localised names of one form tool's "Timestamp", plain words for town, street and stock,
# record ids, and CJK terms of stock and delivery. Not tool-specific spellings.
LEXICON_WIDER: dict[str, str] = {
    # from the review of the second blind set (2026-11): general words again
    "min_order": "importe minimo pedido|importe minimo|importe minimo de pedido|最低订货金额|最低発注金額",
    "order_total": "实付|实付金额|用户实付|实付款|买家实付|顾客实付|支払総額|お支払い金額",
    "discount": "优惠|优惠金额|订单优惠|优惠总额|订单优惠总额|折扣金额|割引|割引額|値引|値引額",
    "shipping_cost": "配送费|运费|邮费|快递费|送料|配送料",
    "fee": "服务费|平台服务费|佣金|餐盒费|包装费|打包费|技术服务费|サービス料|手数料合計",
    "metric_other": "商家实收|实收金额|结算金额|到账金额|商家活动支出|入金額|payout|net payout",
    "ledger": (
        "收入|支出|余额|账户余额|对方户名|对方账号|对方账户|交易类型|balance|saldo|solde|"
        "kontostand|残高|入金|出金|counterparty|tegenpartij|gegenkonto name"
    ),
    "unit_price": "einzelpreis|einzelpreis netto|stuckpreis|stueckpreis|stuckpreis netto",
    "price": "einzelpreis brutto|stuckpreis brutto",
    "customer_id": (
        "account reference|account ref|a c ref|kontoreferenz|referencia de cuenta|persoon id|person id|"
        "contact id|id contact|contactpersoon id|id societe|id entreprise|company id|bedrijf id|"
        "organisatie id|firmen id|id empresa|id azienda|id cliente|cliente id"
    ),
    "reply": (
        "developer reply text|developer reply|reply text|response text|owner response|owner reply|"
        "reactie eigenaar|antwort des inhabers|reponse du proprietaire|respuesta del propietario|"
        "resposta do proprietario|risposta del proprietario|商家回复|店舗からの返信"
    ),
    "channel": "herkunft|auftragsherkunft|origine|origen|origem|herkomst|订单来源",
    "generic_id": "datensatz id|datensatznummer|record number|registro id|id del registro|id registo",
    "company": (
        "unternehmensname|firma name|nom de l entreprise|nom entreprise|nombre de la empresa|"
        "nombre empresa|nome azienda|nome dell azienda|会社名称|公司名|企业名称|单位名称"
    ),
    "full_name": (
        "denominazione|denominacion|denominacao|nome e cognome|nome cognome|nombre y apellidos|"
        "nombre y apellido|nom et prenom|nom prenom|voor en achternaam|voornaam en achternaam|"
        "vor und nachname|vorname und nachname|nome e sobrenome|nome completo do cliente|"
        "customer full name|contact name full"
    ),
    "country": "land region|land/region|pais region|pays region|paese regione|国 地域|国/地域",
    "city": "gemeente|gemeinde|commune|municipalite|concelho|citta comune|所在城市",
    "address": (
        "domicilio|direccion postal|indirizzo via|morada|adresse postale|strasse hausnummer|"
        "straat huisnummer|via e numero|rua e numero"
    ),
    "postal_code": "cod postal|cod postale|c postal|codigo postal cp|cod post",
    "stock": (
        "bestand|lagerbestand|warenbestand|istbestand|ist bestand|physischer lagerbestand|"
        "即时库存|现存量|结存数量|结存|库存数量|库存数|现有库存|在庫数量|手持在庫"
    ),
    "unit": (
        "unit name|unit of measure|unit of measurement|uom|measure unit|masseinheit|mengeneinheit|"
        "eenheid|maateenheid|unite de mesure|unidad de medida|unidade de medida|unita di misura|"
        "计量单位|单位名称|単位名"
    ),
    "cost": (
        "ek|ek netto|ek preis|einkaufspreis netto|durchschnittlicher ek|durchschnitts ek|avg cost|"
        "average cost|avg unit cost|gemiddelde inkoopprijs|gem inkoopprijs|prix d achat moyen|"
        "pmp|coste medio|costo medio|custo medio|平均成本|平均原価|移動平均原価|purchase prices|cost prices"
    ),
    "lead_time": (
        "交货周期|交货期|交期|供货周期|到货天数|采购周期|リードタイム|納期日数|納品日数|"
        "lieferzeit|lieferzeit tage|levertijd|levertijd dagen|delai de livraison|delai livraison|"
        "plazo de entrega|prazo de entrega|tempi di consegna|tempo di consegna|delivery days"
    ),
    "datetime": (
        "marca temporal|informazioni cronologiche|carimbo de data hora|horodateur|tijdstempel|"
        "タイムスタンプ|时间戳|submission date|submitted at|submitted on|date submitted|"
        "fecha de envio del formulario|ingediend op|eingereicht am|soumis le|enviado em|inviato il"
        "|"
        "data recensione|date de l avis|fecha de la resena|data da avaliacao|datum beoordeling|"
        "bewertungsdatum|review date|评价时间|レビュー日|data de envio|fecha de envio|date d envoi"
    ),
    "answered_at": (
        "closed datetime|closed at|closed date|date closed|closed on|resolved at|resolved date|"
        "resolution date|gesloten op|afgesloten op|geschlossen am|ferme le|date de cloture|"
        "fecha de cierre|data de fechamento|data di chiusura|解决时间|关闭时间|完了日時|対応完了日時"
        "|"
        "first response at|first response|first reply at|first replied at|eerste reactie|erste antwort|"
        "premiere reponse|primera respuesta|primeira resposta|prima risposta|首次响应时间|初回返信日時"
    ),
    "review_title": (
        "titel beoordeling|titel van de beoordeling|review titel|titre de l avis|titulo de la resena|"
        "titulo da avaliacao|titolo recensione|titolo della recensione|bewertungstitel|"
        "titel der bewertung|评价标题|レビュータイトル"
    ),
    "rating": (
        "beoordelingsscore|score beoordeling|totaalscore|gesamtbewertung|gesamtnote|note globale|"
        "note generale|puntuacion|puntuacion global|pontuacao|nota geral|punteggio|"
        "punteggio complessivo|voto complessivo|总评分|综合评分|総合評価|総合点"
    ),
    "status": (
        "descricao do status|status description|descripcion del estado|description du statut|"
        "statusbeschreibung|statusomschrijving|descrizione stato|状态说明|ステータス詳細"
    ),
    "product_name": (
        "titulo do anuncio|titulo del anuncio|titre de l annonce|titolo dell annuncio|"
        "titel advertentie|advertentietitel|anzeigentitel|listing title|listing name|"
        "商品标题|出品タイトル"
    ),
    "item_count": (
        "宝贝总数量|商品总数|商品总数量|总数量|总件数|total quantity|total qty|total items|"
        "totaal aantal|aantal artikelen|gesamtmenge|anzahl artikel|quantite totale|nombre d articles|"
        "cantidad total|numero de articulos|quantidade total|quantidade de itens|quantita totale|"
        "numero articoli|合計数量|総数量|商品点数"
    ),
    "order_id": (
        "reservation number|reservation id|reservation no|booking number|booking id|booking reference|"
        "booking ref|reserveringsnummer|boekingsnummer|buchungsnummer|reservierungsnummer|"
        "numero de reservation|numero de reserva|n de reserva|numero da reserva|"
        "numero di prenotazione|codice prenotazione|予約番号|预订号|预订编号|订单号码"
    ),
    "created_at": (
        "optin time|optin date|opt in time|opt in date|confirm time|subscribed at|"
        "subscription date|date subscribed|signup date|sign up date|aanmelddatum|inschrijfdatum|"
        "anmeldedatum|date d inscription|fecha de alta|fecha de suscripcion|data de inscricao|"
        "data di iscrizione|注册时间|登録日"
    ),
}

# Words that, inside a header, make a date a secondary one (not the sale's timestamp).
SECONDARY_DATE_WORDS: dict[str, str] = {
    "due": "other_date",
    "forfald": "other_date",
    "forfall": "other_date",
    "forfallo": "other_date",
    "vervaldatum": "other_date",
    "vervaldag": "other_date",
    "falligkeit": "other_date",
    "faellig": "other_date",
    "echeance": "other_date",
    "vencimiento": "other_date",
    "vencimento": "other_date",
    "scadenza": "other_date",
    "termin": "other_date",
    "expiry": "other_date",
    "expiration": "other_date",
    "expires": "other_date",
    "shipped": "other_date",
    "shipping": "other_date",
    "delivery": "other_date",
    "delivered": "other_date",
    "leverings": "other_date",
    "leverans": "other_date",
    "dostawy": "other_date",
    "wysylki": "other_date",
    "closed": "other_date",
    "close": "other_date",
    "completed": "other_date",
    "cancelled": "other_date",
    "canceled": "other_date",
    "birth": "other_date",
    "start": "other_date",
    "started": "other_date",
    "begin": "other_date",
    "beginn": "other_date",
    "inicio": "other_date",
    "debut": "other_date",
    "inizio": "other_date",
    "开始": "other_date",
    "開始": "other_date",
    "last": "other_date",
    "next": "other_date",
    "paid": "paid_at",
    "payment": "paid_at",
    "betaling": "paid_at",
    "betalings": "paid_at",
    "betalning": "paid_at",
    "betalnings": "paid_at",
    "platnosci": "paid_at",
    "zaplaty": "paid_at",
    "modified": "updated_at",
    "updated": "updated_at",
    "update": "updated_at",
    "changed": "updated_at",
    "edited": "updated_at",
    "gewijzigd": "updated_at",
    "geandert": "updated_at",
    "aktualisiert": "updated_at",
    "modification": "updated_at",
    "modyfikacji": "updated_at",
    "aktualizacji": "updated_at",
    "aendret": "updated_at",
    "opdateret": "updated_at",
    "endret": "updated_at",
    "andrad": "updated_at",
}

# Words that turn a consent header into its opposite ("Unsubscribed", "Do not e-mail").
NEGATION_WORDS = frozenset(
    {
        "unsubscribed",
        "unsubscribe",
        "unsubscribes",
        "optout",
        "out",
        "not",
        "dont",
        "blocked",
        "blacklisted",
        "blacklist",
        "suppressed",
        "bounced",
        "afgemeld",
        "afmeldt",
        "abgemeldet",
        "abbestellt",
        "desabonne",
        "desinscrit",
        "baja",
        "avregistrerad",
        "avanmald",
        "wypisany",
        "rezygnacja",
        "配信停止",
        "退订",
    }
)

# Words that say a header is about a supplier, wherever they stand in it.
SUPPLIER_WORDS = frozenset(
    {
        "supplier",
        "suppliers",
        "vendor",
        "vendors",
        "leverancier",
        "leveranciers",
        "lieferant",
        "lieferanten",
        "fournisseur",
        "fournisseurs",
        "proveedor",
        "proveedores",
        "fornecedor",
        "fornecedores",
        "fornitore",
        "fornitori",
        "leverandør",
        "leverandor",
        "leverandører",
        "leverandorer",
        "leverantör",
        "leverantor",
        "leverantörer",
        "leverantorer",
        "dostawca",
        "dostawcy",
        "kreditor",
        "crediteur",
        "creditor",
        "供应商",
        "仕入先",
        "仕入れ先",
    }
)

# Words that make a money header a total, not a unit price ("Price total", "Gesamt Preis").
TOTAL_WORDS = frozenset(
    {
        "total",
        "totaal",
        "totale",
        "totalt",
        "gesamt",
        "summe",
        "sum",
        "subtotal",
        "amount",
        "bedrag",
        "betrag",
        "montant",
        "importe",
        "importo",
        "beløb",
        "belob",
        "belopp",
        "beløp",
        "belop",
        "kwota",
        "wartosc",
        "razem",
        "extended",
        "ext",
        "合计",
        "小计",
        "金额",
        "金額",
        "合計",
        "小計",
    }
)
UNIT_WORDS = frozenset(
    {
        "unit",
        "each",
        "per",
        "pr",
        "stk",
        "stuk",
        "piece",
        "einzel",
        "unitaire",
        "unitario",
        "jednostkowa",
        "jedn",
        "enhed",
        "enhet",
        "単価",
        "单价",
    }
)
