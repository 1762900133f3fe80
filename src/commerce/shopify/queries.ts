/** The Admin GraphQL documents the Shopify connector sends (API version 2025-07 shapes). */

const money = 'shopMoney { amount currencyCode }';

export const orderFields = `
  id name createdAt cancelledAt email phone
  displayFinancialStatus displayFulfillmentStatus
  customer { id email phone }
  totalPriceSet { ${money} }
  lineItems(first: 50) { nodes { id sku title quantity originalUnitPriceSet { ${money} } } }
  transactions(first: 5) { kind status gateway formattedGateway paymentDetails { ... on CardPaymentDetails { company number } } }
  fulfillments(first: 10) {
    id status displayStatus createdAt deliveredAt
    trackingInfo(first: 1) { company number url }
    events(first: 30) { nodes { happenedAt status message city country } }
    fulfillmentLineItems(first: 50) { nodes { id quantity lineItem { id } } }
  }
  refunds(first: 20) { id createdAt note totalRefundedSet { ${money} } transactions(first: 5) { nodes { status } } }
  returns(first: 20) { nodes { id name status createdAt returnLineItems(first: 50) { nodes { ... on ReturnLineItem { quantity returnReason fulfillmentLineItem { lineItem { id title } } } } } } }
`;

export const orderByNameQuery = `query AftercareOrderByName($query: String!) {
  orders(first: 1, query: $query) { nodes { ${orderFields} } }
}`;

export const customerOrdersQuery = `query AftercareCustomerOrders($id: ID!, $first: Int!) {
  customer(id: $id) { orders(first: $first, reverse: true) { nodes { id name createdAt cancelledAt displayFulfillmentStatus displayFinancialStatus totalPriceSet { ${money} } fulfillments(first: 10) { deliveredAt } } } }
}`;

export const orderCancelMutation = `mutation AftercareOrderCancel($orderId: ID!, $staffNote: String) {
  orderCancel(orderId: $orderId, reason: CUSTOMER, refundMethod: { originalPaymentMethodsRefund: true }, restock: true, notifyCustomer: true, staffNote: $staffNote) {
    job { id done }
    orderCancelUserErrors { field message code }
  }
}`;

export const returnRequestMutation = `mutation AftercareReturnRequest($input: ReturnRequestInput!) {
  returnRequest(input: $input) {
    return { id name status createdAt }
    userErrors { field message code }
  }
}`;

export const orderRefundsQuery = `query AftercareOrderRefunds($id: ID!) {
  order(id: $id) { refunds(first: 20) { id createdAt note totalRefundedSet { ${money} } transactions(first: 5) { nodes { status } } } }
}`;
