# El rol de traducción y la vista lado a lado de la moderación (issue 31).
role-translator = traducción
problem-translators-only = Solo quienes tienen el rol de traducción pueden traducir una ficha o un recurso que cuida otra persona.
translator-link = Traducir
translator-title = Traducir:
translator-back = Volver a la página
translator-intro = Escribe el texto en el idioma que elijas, con el original junto a cada campo. Solo el texto es tuyo para traducir: los enlaces, contactos y direcciones quedan como en el original. Una persona moderadora revisa tu traducción antes de mostrarla.
translator-choose = Traducir al
translator-show = Mostrar sus campos
translator-original = Original ({ $language })
translator-submit = Enviar la traducción
translator-account-title = Traducir
translator-account = Puedes traducir cualquier ficha, actividad o recurso publicado: abre su página y elige «Traducir».
translator-account-listings = Fichas
translator-account-library = Biblioteca
translator-review-title = Traducciones, lado a lado
translator-review-proposed = Propuesta ({ $language })
